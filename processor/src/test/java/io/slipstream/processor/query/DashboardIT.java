package io.slipstream.processor.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.slipstream.localstack.LocalStack;
import io.slipstream.localstack.LocalStackExtension;
import io.slipstream.localstack.TestResources;
import io.slipstream.processor.app.ServedProcessor;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The dashboard in real headless Chromium against a running pipeline: the page loads, its SLO table
 * and charts hold data from the stores, and a screenshot is kept in {@code target/dashboard/}.
 * Without Chromium ({@code .ci/install-test-deps} installs it) the page and every API call it makes
 * are checked over plain HTTP instead.
 */
@Tag("integration")
@ExtendWith(LocalStackExtension.class)
class DashboardIT {
  private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  private static final Pattern CHART =
      Pattern.compile("data-chart=\"([^\"]+)\" data-points=\"(\\d+)\"");

  @Test
  void shouldShowSlosBurnRatesAndGoldenSignalsFromTheStores(
      LocalStack stack, TestResources resources) throws Exception {
    QueryPipeline pipeline = new QueryPipeline(stack, resources);
    try (ServedProcessor processor = pipeline.startInstance(QueryPipeline.TOKEN)) {
      int port = processor.port();
      await("the processor has counted every event and evaluated both SLOs")
          .atMost(Duration.ofSeconds(120))
          .pollInterval(Duration.ofMillis(500))
          .until(() -> pipeline.complete(port));

      QueryPipeline.Answer page = pipeline.get(port, "/dashboard/", null);
      assertThat(page.status()).isEqualTo(200);
      assertThat(page.body())
          .contains("<svg", "/api/v1/slos?sort=budget")
          .doesNotContain("https://");
      QueryPipeline.Answer root = pipeline.get(port, "/", null);
      assertThat(root.status()).isEqualTo(302);
      assertThat(root.response().headers().firstValue("Location")).contains("/dashboard/");

      if (!Files.isExecutable(CHROMIUM)) {
        System.out.println("chromium not installed: checking the dashboard's API calls over HTTP");
        for (String call :
            List.of(
                "/api/v1/slos?sort=budget",
                "/api/v1/slos/checkout-availability?history=6h",
                "/api/v1/services",
                "/api/v1/services/checkout/series?window=1h&step=1m")) {
          assertThat(pipeline.get(port, call, QueryPipeline.TOKEN).status())
              .as(call)
              .isEqualTo(200);
        }
        return;
      }

      String url = "http://127.0.0.1:" + port + "/dashboard/#token=" + QueryPipeline.TOKEN;
      String dom = chromium(List.of("--dump-dom", url));
      assertThat(dom).contains("data-loaded=\"true\"");
      // Sorted by budget remaining: checkout (overspent, paging) comes before the healthy SLO.
      assertThat(dom.indexOf("<tr class=\"PAGE\" data-slo=\"checkout-availability\""))
          .isNotNegative()
          .isLessThan(dom.indexOf("data-slo=\"" + pipeline.other() + "-availability\""));
      assertThat(points(dom, "burn-checkout-availability-1h-5m")).isGreaterThan(10);
      assertThat(points(dom, "budget-checkout-availability")).isGreaterThan(0);
      assertThat(points(dom, "latency-checkout")).isGreaterThanOrEqualTo(20 * 3);
      assertThat(points(dom, "traffic-checkout")).isGreaterThanOrEqualTo(20);
      assertThat(points(dom, "errors-checkout")).isGreaterThanOrEqualTo(20);
      assertThat(points(dom, "saturation-checkout")).isGreaterThan(0);
      assertThat(points(dom, "traffic-" + pipeline.other())).isGreaterThanOrEqualTo(20);
      assertThat(dom).contains("stroke-dasharray"); // thresholds drawn

      Path screenshot = Path.of("target", "dashboard", "dashboard.png").toAbsolutePath();
      Files.createDirectories(screenshot.getParent());
      Files.deleteIfExists(screenshot);
      chromium(List.of("--screenshot=" + screenshot, "--window-size=1400,2600", url));
      assertThat(screenshot).exists();
      assertThat(Files.size(screenshot)).isGreaterThan(20_000);
      System.out.println("dashboard screenshot: " + screenshot);
    }
  }

  private static int points(String dom, String chart) {
    Matcher matcher = CHART.matcher(dom);
    while (matcher.find()) {
      if (matcher.group(1).equals(chart)) {
        return Integer.parseInt(matcher.group(2));
      }
    }
    throw new AssertionError("no chart " + chart + " on the page");
  }

  /** Runs headless Chromium with a fresh profile; returns its stdout. */
  private static String chromium(List<String> arguments) throws IOException, InterruptedException {
    Path profile = Files.createTempDirectory("slipstream-chromium");
    List<String> command = new ArrayList<>();
    command.add(CHROMIUM.toString());
    command.addAll(
        List.of(
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-dev-shm-usage",
            "--no-first-run",
            "--user-data-dir=" + profile,
            // Lets the page's fetches and rendering finish before the DOM or screenshot is taken.
            "--virtual-time-budget=15000"));
    command.addAll(arguments);
    Path log = Files.createTempFile("slipstream-chromium", ".log");
    Process process = new ProcessBuilder(command).redirectError(log.toFile()).start();
    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    boolean finished = process.waitFor(90, TimeUnit.SECONDS);
    if (!finished) {
      process.destroyForcibly();
    }
    assertThat(finished).as("chromium finished; log: %s", Files.readString(log)).isTrue();
    assertThat(process.exitValue()).as("chromium exit; log: %s", Files.readString(log)).isZero();
    return out;
  }
}
