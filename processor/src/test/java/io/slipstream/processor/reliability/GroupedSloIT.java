package io.slipstream.processor.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.slipstream.avro.AlertState;
import io.slipstream.avro.BadEventContributor;
import io.slipstream.avro.BurnRateEvaluation;
import io.slipstream.avro.Outcome;
import io.slipstream.avro.RequestEvent;
import io.slipstream.avro.Severity;
import io.slipstream.avro.SloAlert;
import io.slipstream.localstack.LocalStack;
import io.slipstream.localstack.LocalStackExtension;
import io.slipstream.localstack.TestResources;
import io.slipstream.processor.app.ProcessorConfig;
import io.slipstream.processor.topology.BurnRateOracle;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A grouped availability SLO over 1,000 customers on the real broker and registry, with three
 * customers in an incident (a third of their requests fail, on one operation) and the processor
 * SIGKILLed halfway: exactly the three customers' instances page, once each, every page names its
 * customer, and each checked instance's last evaluation holds exactly its customer's events. No
 * evaluation is published twice.
 */
@Tag("integration")
@ExtendWith(LocalStackExtension.class)
class GroupedSloIT {
  private static final String SLO_ID = "checkout-availability-by-customer";
  private static final String SLA_ID = "checkout-customer-monthly";
  private static final long MINUTE = 60_000;
  private static final int MINUTES = 90;
  private static final int CUSTOMERS = 1_000;
  private static final int INCIDENT_FROM_MINUTE = 70;
  private static final List<String> IN_INCIDENT = List.of("c-0042", "c-0420", "c-0777");
  private static final String FAILING_OPERATION = "POST /checkout/{id}/pay";
  private static final List<String> OPERATIONS =
      List.of("GET /cart", "POST /checkout", FAILING_OPERATION);

  @Test
  void shouldPageExactlyTheCustomersInAnIncident(LocalStack stack, TestResources resources)
      throws Exception {
    long start = Math.floorDiv(System.currentTimeMillis(), MINUTE) * MINUTE - 2 * 60 * MINUTE;
    List<RequestEvent> events = traffic(start);
    FaultPipeline pipeline =
        new FaultPipeline(stack.bootstrapServers(), stack.schemaRegistryUrl(), resources);
    pipeline.createWithSlo(
        SLO_ID,
        Files.readString(Path.of("../examples/slos/checkout-availability-by-customer.yaml")),
        2);
    pipeline.publishSla(
        SLA_ID, Files.readString(Path.of("../examples/slas/checkout-customer-monthly.yaml")));
    Path stateDir = Files.createTempDirectory("slipstream-grouped-it");
    Path logs = Path.of("target", "reliability", resources.suffix());
    long crash = start + 50 * MINUTE;

    ProcessorJvm first = ProcessorJvm.start("processor-0", pipeline.replaySettings(stateDir), logs);
    try {
      pipeline.produce(before(events, crash, true));
      pipeline.awaitCaughtUp();
    } finally {
      first.kill();
    }
    // The processor runs while the block below produces and checks; closing it stops its JVM.
    int httpPort = freePort();
    Map<String, String> settings = pipeline.replaySettings(stateDir);
    settings.put(ProcessorConfig.HTTP_PORT, Integer.toString(httpPort));
    ProcessorJvm second = ProcessorJvm.start("processor-1", settings, logs);
    try (second) {
      pipeline.produce(before(events, crash, false));
      pipeline.awaitCaughtUp();
      PublishedOutputs published = pipeline.publishedAlerting();

      assertThat(published.deadLetters()).isZero();
      List<SloAlert> alerts =
          published.alerts().stream().filter(a -> a.getSloId().equals(SLO_ID)).toList();
      assertThat(alerts)
          .as("every alert of the grouped SLO is about a customer in the incident")
          .allSatisfy(alert -> assertThat(IN_INCIDENT).contains(alert.getGroup().get("customer")));
      List<SloAlert> pages =
          alerts.stream()
              .filter(a -> a.getSeverity() == Severity.PAGE && a.getState() == AlertState.FIRING)
              .toList();
      assertThat(pages.stream().map(a -> a.getGroup().get("customer")).toList())
          .containsExactlyInAnyOrderElementsOf(IN_INCIDENT);
      for (SloAlert page : pages) {
        String customer = page.getGroup().get("customer");
        assertThat(page.getGroupKey()).isEqualTo("customer=\"" + customer + "\"");
        assertThat(page.getLabels())
            .containsEntry("customer", customer)
            .containsEntry("slo", SLO_ID)
            .containsEntry("slo_group", page.getGroupKey());
        // The page says where the customer's bad requests come from, with exemplars.
        BadEventContributor top = page.getTopContributors().get(0);
        assertThat(top.getDimension()).isEqualTo("CONTRIBUTOR");
        assertThat(top.getOperation()).isEqualTo(FAILING_OPERATION);
        assertThat(top.getRegion()).isEqualTo("eu-west-1");
        assertThat(top.getStatus()).isEqualTo("503");
        assertThat(top.getShare()).isEqualTo(1.0);
        assertThat(page.getExemplarTraceIds()).isNotEmpty().isEqualTo(top.getExemplarTraceIds());
        assertThat(page.getAnnotations().get("top_contributor"))
            .startsWith("100 % of the bad requests in the last 5m are " + FAILING_OPERATION);
        assertThat(page.getTransitionAt().toEpochMilli())
            .isBetween(
                start + INCIDENT_FROM_MINUTE * MINUTE, start + (INCIDENT_FROM_MINUTE + 5) * MINUTE);
      }

      List<BurnRateEvaluation> evaluations =
          published.burnRates().stream().filter(e -> e.getSloId().equals(SLO_ID)).toList();
      Set<String> seen = new HashSet<>();
      for (BurnRateEvaluation evaluation : evaluations) {
        assertThat(seen.add(evaluation.getGroupKey() + "@" + evaluation.getEvaluatedAt()))
            .as(
                "evaluation of %s at %s published once",
                evaluation.getGroupKey(), evaluation.getEvaluatedAt())
            .isTrue();
      }
      Map<String, BurnRateEvaluation> latest = new HashMap<>();
      evaluations.forEach(e -> latest.put(e.getGroup().get("customer"), e));
      assertThat(latest).hasSize(CUSTOMERS);
      List<String> checked = new ArrayList<>(IN_INCIDENT);
      checked.addAll(List.of("c-0000", "c-0001", "c-0500", "c-0999"));
      for (String customer : checked) {
        BurnRateOracle oracle = new BurnRateOracle(0.999, Duration.ofDays(30).toMillis());
        events.stream()
            .filter(e -> customer.equals(e.getAttributes().get("customer")))
            .forEach(oracle::arrive);
        oracle.assertMatches(latest.get(customer));
      }

      // The SLA on the grouped SLO, for the month of the incident: exactly those customers owe.
      String month =
          YearMonth.from(
                  Instant.ofEpochMilli(start + INCIDENT_FROM_MINUTE * MINUTE)
                      .atZone(ZoneId.of("Europe/Berlin")))
              .toString();
      String report = "http://127.0.0.1:" + httpPort + "/api/v1/slas/" + SLA_ID + "/report";
      JsonNode fleet = get(report + "?period=" + month).get("fleet");
      assertThat(fleet.get("groups").asLong()).isEqualTo(CUSTOMERS);
      assertThat(fleet.get("groupsOwedCredit").asLong()).isEqualTo(IN_INCIDENT.size());
      List<String> worst = new ArrayList<>();
      fleet.get("worstGroups").forEach(group -> worst.add(group.get("groupKey").asText()));
      assertThat(worst.subList(0, IN_INCIDENT.size()))
          .containsExactlyInAnyOrderElementsOf(
              IN_INCIDENT.stream().map(c -> "customer=\"" + c + "\"").toList());
      // Where c-0042's budget went in the last 30 minutes: every bad event on the failing
      // operation, counted exactly.
      String api = "http://127.0.0.1:" + httpPort + "/api/v1/slos/" + SLO_ID + "/breakdown";
      JsonNode breakdown = get(api + "?window=30m&group=c-0042");
      long from = Math.floorDiv(breakdown.get("from").asLong(), MINUTE) * MINUTE;
      long to = Math.floorDiv(breakdown.get("to").asLong() - 1, MINUTE) * MINUTE + MINUTE;
      long bad =
          events.stream()
              .filter(e -> "c-0042".equals(e.getAttributes().get("customer")))
              .filter(e -> e.getOutcome() == Outcome.ERROR)
              .filter(
                  e ->
                      e.getTimestamp().toEpochMilli() >= from
                          && e.getTimestamp().toEpochMilli() < to)
              .count();
      assertThat(bad).isPositive();
      assertThat(breakdown.get("badEvents").asLong()).isEqualTo(bad);
      assertThat(breakdown.get("topContributor").get("contributor").get("operation").asText())
          .isEqualTo(FAILING_OPERATION);
      assertThat(breakdown.get("topContributor").get("count").asLong()).isEqualTo(bad);
      assertThat(get(api + "?window=30m&group=c-0001").get("badEvents").asLong()).isZero();
      assertThat(get(api + "?top=0", 400).get("message").asText()).contains("top");
      assertThat(
              get("http://127.0.0.1:" + httpPort + "/api/v1/slos/nothing/breakdown", 404)
                  .get("error")
                  .asText())
          .isEqualTo("not_found");

      for (String customer : List.of("c-0042", "c-0001")) {
        JsonNode one = get(report + "?period=" + month + "&group=" + customer);
        assertThat(one.get("groupKey").asText()).isEqualTo("customer=\"" + customer + "\"");
        assertThat(one.get("creditPercent").asDouble() > 0)
            .as("credit owed to %s", customer)
            .isEqualTo(IN_INCIDENT.contains(customer));
      }
    }
  }

  private static JsonNode get(String url) throws Exception {
    return get(url, 200);
  }

  private static JsonNode get(String url, int status) throws Exception {
    HttpResponse<String> response =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30)).build(),
                HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as("%s: %s", url, response.body()).isEqualTo(status);
    return new ObjectMapper().readTree(response.body());
  }

  private static int freePort() throws java.io.IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  /** Each customer's request every minute, at an offset of its own; incidents from minute 70. */
  private static List<RequestEvent> traffic(long start) {
    List<RequestEvent> events = new ArrayList<>();
    for (int minute = 0; minute < MINUTES; minute++) {
      for (int c = 0; c < CUSTOMERS; c++) {
        String customer = String.format("c-%04d", c);
        String operation = OPERATIONS.get((minute + c) % OPERATIONS.size());
        boolean fails =
            minute >= INCIDENT_FROM_MINUTE
                && IN_INCIDENT.contains(customer)
                && operation.equals(FAILING_OPERATION);
        long time = start + minute * MINUTE + c * 59L;
        events.add(
            RequestEvent.newBuilder()
                .setService("checkout")
                .setOperation(operation)
                .setTimestamp(Instant.ofEpochMilli(time))
                .setLatencyMicros(12_000)
                .setStatusCode(fails ? 503 : 200)
                .setOutcome(fails ? Outcome.ERROR : Outcome.SUCCESS)
                .setRegion("eu-west-1")
                .setTraceId(String.format("%032x", time * 1_000 + c))
                .setAttributes(Map.of("customer", customer))
                .build());
      }
    }
    return events;
  }

  private static List<RequestEvent> before(List<RequestEvent> events, long time, boolean before) {
    return events.stream().filter(e -> (e.getTimestamp().toEpochMilli() < time) == before).toList();
  }
}
