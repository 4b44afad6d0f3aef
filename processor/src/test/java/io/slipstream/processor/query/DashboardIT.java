package io.slipstream.processor.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.slipstream.localstack.DashboardBrowser;
import io.slipstream.localstack.LocalStack;
import io.slipstream.localstack.LocalStackExtension;
import io.slipstream.localstack.TestResources;
import io.slipstream.processor.app.ServedProcessor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The dashboard in real headless Chromium against a running pipeline: the page loads, its SLO table
 * and charts hold data from the stores, a grouped SLO leads to its instances and an instance to its
 * charts, and screenshots are kept in {@code target/dashboard/}. Without Chromium ({@code
 * .ci/install-test-deps} installs it) the page and every API call it makes are checked over plain
 * HTTP instead.
 */
@Tag("integration")
@ExtendWith(LocalStackExtension.class)
class DashboardIT {
  private static final String GROUPS = "/api/v1/slos/" + QueryPipeline.GROUPED_SLO + "/groups";
  private static final String INITECH_KEY = "customer%3D%22initech%22";

  @Test
  void shouldShowSlosBurnRatesAndGoldenSignalsFromTheStores(
      LocalStack stack, TestResources resources) throws Exception {
    QueryPipeline pipeline = new QueryPipeline(stack, resources, true);
    try (ServedProcessor processor = pipeline.startInstance(QueryPipeline.TOKEN)) {
      int port = processor.port();
      await("the processor has counted every event and evaluated every SLO and instance")
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

      if (!DashboardBrowser.installed()) {
        System.out.println("chromium not installed: checking the dashboard's API calls over HTTP");
        for (String call :
            List.of(
                "/api/v1/slos?sort=budget",
                "/api/v1/slos/checkout-availability?history=6h",
                GROUPS + "?sort=budget&limit=50&offset=0",
                GROUPS + "/" + INITECH_KEY + "?history=6h",
                "/api/v1/slos/checkout-availability/breakdown?window=6h&top=3",
                "/api/v1/slos/"
                    + QueryPipeline.GROUPED_SLO
                    + "/breakdown?window=6h&top=3&group="
                    + INITECH_KEY,
                "/api/v1/services",
                "/api/v1/services/checkout/series?window=1h&step=1m")) {
          assertThat(pipeline.get(port, call, QueryPipeline.TOKEN).status())
              .as(call)
              .isEqualTo(200);
        }
        return;
      }

      String url = "http://127.0.0.1:" + port + "/dashboard/#token=" + QueryPipeline.TOKEN;
      String dom = DashboardBrowser.dom(url);
      assertThat(dom).contains("data-loaded=\"true\"");
      // Sorted by budget remaining: checkout (overspent, paging) comes before the healthy SLO.
      assertThat(dom.indexOf("<tr class=\"PAGE\" data-slo=\"checkout-availability\""))
          .isNotNegative()
          .isLessThan(dom.indexOf("data-slo=\"" + pipeline.other() + "-availability\""));
      assertThat(DashboardBrowser.points(dom, "burn-checkout-availability-1h-5m"))
          .isGreaterThan(10);
      assertThat(DashboardBrowser.points(dom, "budget-checkout-availability")).isGreaterThan(0);
      assertThat(DashboardBrowser.points(dom, "latency-checkout")).isGreaterThanOrEqualTo(20 * 3);
      assertThat(DashboardBrowser.points(dom, "traffic-checkout")).isGreaterThanOrEqualTo(20);
      assertThat(DashboardBrowser.points(dom, "errors-checkout")).isGreaterThanOrEqualTo(20);
      assertThat(DashboardBrowser.points(dom, "saturation-checkout")).isGreaterThan(0);
      assertThat(DashboardBrowser.points(dom, "traffic-" + pipeline.other()))
          .isGreaterThanOrEqualTo(20);
      assertThat(dom).contains("stroke-dasharray"); // thresholds drawn
      // Where the budget went, beside the burn-rate charts: every failing checkout request is
      // GET /items answered 503; the other service never fails.
      long bad =
          pipeline
              .get(
                  port,
                  "/api/v1/slos/checkout-availability/breakdown?window=6h",
                  QueryPipeline.TOKEN)
              .json()
              .get("badEvents")
              .asLong();
      assertThat(bad).isPositive();
      assertThat(dom)
          .contains(
              "data-breakdown=\"checkout-availability\" data-bad-events=\"" + bad + "\"",
              "100 % of the " + bad + " bad requests:",
              "<tr data-dimension=\"OPERATION\" data-value=\"GET /items\" data-count=\""
                  + bad
                  + "\"",
              "<tr data-dimension=\"STATUS\" data-value=\"503\" data-count=\"" + bad + "\"")
          .contains(
              "data-breakdown=\"" + pipeline.other() + "-availability\" data-bad-events=\"0\"",
              "no bad events");

      // The SLA and corrections panels load, empty here (the demo's dashboard shows them filled).
      assertThat(dom).contains("no SLA defined", "no corrections");

      // The grouped SLO: its instances and how many page, in the list; least budget, first.
      String grouped = QueryPipeline.GROUPED_SLO;
      assertThat(dom)
          .contains(
              "<tr class=\"PAGE\" data-slo=\""
                  + grouped
                  + "\" data-instances=\"5\" data-firing-page=\"1\" data-firing-ticket=\"0\"")
          .contains(
              "href=\"#slo=" + grouped + "\">5 instances by customer · 1 paging · 0 ticket</a>");
      assertThat(dom.indexOf("data-slo=\"" + grouped + "\""))
          .isLessThan(dom.indexOf("data-slo=\"checkout-availability\""));

      // Selected: its instances by budget left, each linking to its own page.
      String groups = DashboardBrowser.dom(url + "&slo=" + grouped);
      assertThat(groups).contains("5 instances · 1 paging · 0 with a ticket", "rows 1–5 of 5");
      int initech =
          groups.indexOf("<tr class=\"PAGE\" data-group=\"customer=&quot;initech&quot;\"");
      assertThat(initech).isNotNegative();
      assertThat(initech).isLessThan(groups.indexOf("data-group=\"customer=&quot;acme&quot;\""));
      assertThat(groups).contains("href=\"#slo=" + grouped + "&amp;group=" + INITECH_KEY + "\"");

      // An instance: the same burn-rate and budget charts as an SLO's.
      String instanceUrl = url + "&slo=" + grouped + "&group=" + INITECH_KEY;
      String instance = DashboardBrowser.dom(instanceUrl);
      assertThat(instance).contains("data-group=\"customer=&quot;initech&quot;\"><h3>");
      assertThat(DashboardBrowser.points(instance, "burn-" + grouped + "/initech-1h-5m"))
          .isGreaterThan(10);
      assertThat(DashboardBrowser.points(instance, "budget-" + grouped + "/initech"))
          .isGreaterThan(0);
      assertThat(instance)
          .contains(
              "data-breakdown=\"" + grouped + "/initech\"",
              "<tr data-dimension=\"OPERATION\" data-value=\"GET /items\" data-count=\"");

      Path screenshot = Path.of("target", "dashboard", "dashboard.png").toAbsolutePath();
      DashboardBrowser.screenshot(url, screenshot, 1400, 2600);
      assertThat(Files.size(screenshot)).isGreaterThan(20_000);
      System.out.println("dashboard screenshot: " + screenshot);
      Path groupScreenshot = Path.of("target", "dashboard", "group.png").toAbsolutePath();
      DashboardBrowser.screenshot(instanceUrl, groupScreenshot, 1400, 1800);
      System.out.println("grouped SLO screenshot: " + groupScreenshot);
    }
  }
}
