package io.slipstream.processor.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import io.slipstream.avro.AlertState;
import io.slipstream.avro.BurnRateEvaluation;
import io.slipstream.avro.Outcome;
import io.slipstream.avro.RequestEvent;
import io.slipstream.avro.Severity;
import io.slipstream.avro.SloAlert;
import io.slipstream.localstack.LocalStack;
import io.slipstream.localstack.LocalStackExtension;
import io.slipstream.localstack.TestResources;
import io.slipstream.processor.topology.BurnRateOracle;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
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
    ProcessorJvm second =
        ProcessorJvm.start("processor-1", pipeline.replaySettings(stateDir), logs);
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
