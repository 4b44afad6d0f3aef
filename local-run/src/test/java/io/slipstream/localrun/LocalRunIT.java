package io.slipstream.localrun;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.slipstream.avro.AlertState;
import io.slipstream.avro.Severity;
import io.slipstream.avro.SloAlert;
import io.slipstream.localstack.DashboardBrowser;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The whole local run on the embedded stack, time-accelerated so an outage pages and resolves in
 * well under a minute, then stopped: nothing it started may keep running.
 */
@Tag("integration")
class LocalRunIT {

  /**
   * 240x: an hour of history, 5 clean minutes, 10 minutes at 30 % errors on checkout. The page
   * fires about 5 simulated minutes into the outage and resolves about 42 minutes after it started,
   * 12 s of wall time after the live run begins.
   */
  private static LocalRun.Settings settings() {
    return new LocalRun.Settings(
        null,
        null,
        1,
        Map.of(),
        Path.of("..", "examples", "slos"),
        List.of(Path.of("..", "examples", "slas"), Path.of("..", "examples", "corrections")),
        new Scenario(
            "checkout", Duration.ofMinutes(5), Duration.ofMinutes(10), 0.3, Duration.ofHours(2)),
        Duration.ofHours(1),
        240,
        600,
        2,
        0, // a free port, so the query API and dashboard are started when the processor has them
        Duration.ofSeconds(5),
        "local-run-it-" + System.nanoTime(),
        LocalRun.DEFAULT_SEED);
  }

  @Test
  void shouldPageDuringTheOutageResolveAfterItAndLeaveNothingRunningOnceClosed() throws Exception {
    Set<Long> processesBefore = descendants();
    Set<String> threadsBefore = threadNames();
    ByteArrayOutputStream console = new ByteArrayOutputStream();
    PrintStream out = new PrintStream(console, true, StandardCharsets.UTF_8);
    LocalRun.Settings settings = settings();
    Path workDir;
    List<SloAlert> pages;
    try (LocalRun run = LocalRun.start(settings, out)) {
      workDir = run.workDir();
      assertThat(descendants()).as("the registry's JVM runs").isNotEmpty();
      await("a checkout page that fired in the outage and resolved after it")
          .atMost(Duration.ofSeconds(75))
          .pollInterval(Duration.ofMillis(500))
          .until(() -> firedThenResolved(run.alerts(), outageStart(run)));
      pages = run.alerts();
      assertThat(run.loadFailure()).isEmpty();
      // The history is played as fast as it goes, both topics at once: none of it may be late.
      assertThat(run.deadLetters()).as("dead-lettered input records, by reason").isEmpty();
      if (servesHttp()) {
        assertThat(run.dashboardUrl())
            .hasValueSatisfying(url -> assertThat(url).startsWith("http://127.0.0.1:"));
        shouldAnswerInTheDemosEventTime(run);
      }
    }
    String printed = console.toString(StandardCharsets.UTF_8);
    assertThat(printed)
        .contains("PAGE    FIRING   checkout-availability (checkout)")
        .contains("PAGE    RESOLVED checkout-availability (checkout)")
        .contains("checkout-availability            SLI ");
    // The outage pages the service's SLO and, on their own numbers, its customers' instances.
    assertThat(pages)
        .filteredOn(alert -> alert.getSeverity() == Severity.PAGE)
        .extracting(SloAlert::getSloId)
        .containsOnly("checkout-availability", "checkout-availability-by-customer");
    assertThat(pages)
        .filteredOn(alert -> alert.getSloId().equals("checkout-availability-by-customer"))
        .allSatisfy(
            alert -> assertThat(Scenario.CUSTOMERS).contains(alert.getGroup().get("customer")));

    assertThat(workDir).as("the work directory is deleted").doesNotExist();
    await("every thread the run started has ended")
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () ->
                assertThat(startedSince(threadsBefore))
                    .as("threads started by the run that are still alive")
                    .filteredOn(
                        name ->
                            name.contains(settings.applicationId())
                                || name.startsWith("local-run")
                                || name.startsWith("kafka-producer-network-thread")
                                || name.startsWith("kafka-admin-client-thread"))
                    .isEmpty());
    await("the registry's JVM has exited")
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(() -> assertThat(descendants()).isSubsetOf(processesBefore));
  }

  /**
   * The query API and the dashboard answer in the demo's event time (hours behind the wall clock):
   * the last hour of checkout holds traffic, every golden-signal panel has data, and the example
   * SLA and correction are there.
   */
  private static void shouldAnswerInTheDemosEventTime(LocalRun run) throws Exception {
    String base = run.dashboardUrl().orElseThrow();
    JsonNode sli = get(base + "api/v1/services/checkout/sli?window=1h");
    assertThat(sli.path("nowSource").asText()).isEqualTo("event-time");
    assertThat(Instant.ofEpochMilli(sli.path("now").asLong()))
        .isAfter(run.simulatedStart())
        .isBefore(Instant.now().minus(Duration.ofHours(1)));
    assertThat(sli.path("requestCount").asLong()).isPositive();
    assertThat(sli.path("errorCount").asLong()).as("the outage's errors").isPositive();

    JsonNode report = get(base + "api/v1/slas/checkout-monthly/report");
    assertThat(report.path("sloId").asText()).isEqualTo("checkout-availability");
    assertThat(report.path("totalEvents").asLong()).isPositive();
    JsonNode corrections = get(base + "api/v1/corrections");
    assertThat(corrections.findValuesAsText("name")).contains("checkout-db-upgrade");
    // The correction was moved to end where the history ends: its events are left out.
    assertThat(report.path("excludedEvents").asLong()).isPositive();

    if (!DashboardBrowser.installed()) {
      System.out.println("chromium not installed: the dashboard's page is not rendered");
      return;
    }
    String dom = DashboardBrowser.dom(base + "dashboard/");
    assertThat(dom).contains("data-loaded=\"true\"");
    for (String service : List.of("checkout", "payments", "search")) { // those with SLOs
      for (String panel : List.of("latency", "traffic", "errors", "saturation")) {
        assertThat(DashboardBrowser.points(dom, panel + "-" + service))
            .as("points in the %s panel of %s", panel, service)
            .isPositive();
      }
    }
    assertThat(dom)
        .contains("data-sla=\"checkout-monthly\"", "data-correction=\"checkout-db-upgrade\"");
    Path screenshot = Path.of("target", "dashboard", "demo-dashboard.png");
    DashboardBrowser.screenshot(base + "dashboard/", screenshot, 1400, 3000);
    System.out.println("demo dashboard screenshot: " + screenshot.toAbsolutePath());
  }

  private static JsonNode get(String url) throws Exception {
    HttpResponse<String> response =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as(url + ": " + response.body()).isEqualTo(200);
    return new ObjectMapper().readTree(response.body());
  }

  /** The outage starts 5 simulated minutes after the live run (and the history's end). */
  private static Instant outageStart(LocalRun run) {
    return run.simulatedStart().plus(Duration.ofMinutes(5));
  }

  private static boolean firedThenResolved(List<SloAlert> alerts, Instant outageStart) {
    boolean fired = false;
    for (SloAlert alert : alerts) {
      if (alert.getSeverity() != Severity.PAGE
          || !alert.getSloId().equals("checkout-availability")
          || alert.getTransitionAt().isBefore(outageStart)) {
        continue;
      }
      if (alert.getState() == AlertState.FIRING) {
        fired = true;
      } else if (fired && alert.getState() == AlertState.RESOLVED) {
        return true;
      }
    }
    return false;
  }

  private static boolean servesHttp() {
    try {
      Class.forName(ProcessorStarter.SERVED_PROCESSOR);
      return true;
    } catch (ClassNotFoundException e) {
      return false;
    }
  }

  private static Set<Long> descendants() {
    return ProcessHandle.current()
        .descendants()
        .filter(ProcessHandle::isAlive)
        .map(ProcessHandle::pid)
        .collect(Collectors.toSet());
  }

  private static Set<String> threadNames() {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(Thread::isAlive)
        .map(Thread::getName)
        .collect(Collectors.toSet());
  }

  private static Set<String> startedSince(Set<String> before) {
    Set<String> now = threadNames();
    now.removeAll(before);
    return now;
  }
}
