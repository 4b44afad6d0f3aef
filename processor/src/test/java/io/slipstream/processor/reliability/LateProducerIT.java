package io.slipstream.processor.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import io.slipstream.avro.BurnRateEvaluation;
import io.slipstream.avro.RequestEvent;
import io.slipstream.avro.ResourceSample;
import io.slipstream.avro.SliSnapshot;
import io.slipstream.localstack.LocalStack;
import io.slipstream.localstack.LocalStackExtension;
import io.slipstream.localstack.TestResources;
import io.slipstream.processor.topology.BurnRateOracle;
import io.slipstream.processor.topology.PageRuleOracle;
import io.slipstream.processor.topology.RawEventOracle;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * One producer of checkout's partition runs 10 minutes behind the others (a batching agent, a
 * skewed clock): its events reach the processor long after their buckets closed. On the real
 * broker, every one of them must be counted: nothing dead-lettered, every closed minute's latest
 * snapshot (revisions included) holding exactly the oracle's counts, and the evaluations made once
 * everything has arrived equal to the brute-force oracle's over all events.
 */
@Tag("integration")
@ExtendWith(LocalStackExtension.class)
class LateProducerIT {
  private static final long MINUTE = 60_000;
  private static final int MINUTES = 40;
  private static final long BEHIND = 10 * MINUTE;

  @Test
  void shouldCountTheEventsOfAProducerTenMinutesBehind(LocalStack stack, TestResources resources)
      throws Exception {
    long start = IncidentTraffic.twoHoursAgo();
    List<RequestEvent> onTime = IncidentTraffic.generate(start, MINUTES, 100, 11);
    long end = start + MINUTES * MINUTE;
    // In the order the broker receives them: each second, the lagging producer's event stamped
    // ten minutes earlier than the others' (a failure one time in five).
    List<RequestEvent> produced = new ArrayList<>();
    List<RequestEvent> all = new ArrayList<>(onTime);
    for (RequestEvent event : onTime) {
      produced.add(event);
      long time = event.getTimestamp().toEpochMilli();
      if (event.getService().equals(IncidentTraffic.CHECKOUT)
          && time % 1_000 == 0
          && time - BEHIND >= start) {
        RequestEvent late =
            RequestEvent.newBuilder(event)
                .setTimestamp(Instant.ofEpochMilli(time - BEHIND))
                .setOperation("POST /batch")
                .setStatusCode(time % 5_000 == 0 ? 503 : 200)
                .setOutcome(
                    time % 5_000 == 0
                        ? io.slipstream.avro.Outcome.ERROR
                        : io.slipstream.avro.Outcome.SUCCESS)
                .build();
        produced.add(late);
        all.add(late);
      }
    }
    // A last event and samples a few minutes on: the ticks after the end are evaluated once
    // everything has arrived.
    RequestEvent trailer =
        RequestEvent.newBuilder(onTime.get(0))
            .setTimestamp(Instant.ofEpochMilli(end + 3 * MINUTE))
            .build();
    produced.add(trailer);
    all.add(trailer);

    FaultPipeline pipeline =
        new FaultPipeline(stack.bootstrapServers(), stack.schemaRegistryUrl(), resources);
    pipeline.createWithSlo();
    Path stateDir = Files.createTempDirectory("slipstream-late-producer-it");
    Path logs = Path.of("target", "reliability", resources.suffix());
    // The processor runs while the block below produces and checks; closing it stops its JVM.
    ProcessorJvm processor =
        ProcessorJvm.start("processor", pipeline.processorSettings(stateDir), logs);
    try (processor) {
      // As live traffic arrives: minute by minute, that minute's requests, then its samples.
      List<ResourceSample> samples = IncidentTraffic.samples(start, end + 3 * MINUTE);
      for (long minute = start; minute <= end + 3 * MINUTE; minute += MINUTE) {
        long from = minute;
        long to = minute + MINUTE;
        pipeline.produce(produced.stream().filter(e -> receivedIn(e, from, to)).toList());
        pipeline.produceSamples(
            samples.stream()
                .filter(
                    s ->
                        s.getTimestamp().toEpochMilli() >= from
                            && s.getTimestamp().toEpochMilli() < to)
                .toList());
      }
      pipeline.awaitBothInputsCaughtUp();
      PublishedOutputs published = pipeline.published();

      assertThat(published.deadLetters()).as("dead-lettered records").isZero();
      assertLatestMinutes(all, published.snapshots(), end);
      BurnRateOracle oracle =
          new BurnRateOracle(PageRuleOracle.TARGET, PageRuleOracle.PERIOD.toMillis());
      all.stream()
          .filter(e -> e.getService().equals(IncidentTraffic.CHECKOUT))
          .forEach(oracle::arrive);
      List<BurnRateEvaluation> settled =
          published.burnRatesOf(PageRuleOracle.SLO_ID).stream()
              .filter(e -> e.getEvaluatedAt().toEpochMilli() > end)
              .filter(e -> e.getEvaluatedAt().toEpochMilli() <= end + 2 * MINUTE)
              .toList();
      assertThat(settled)
          .as(
              "evaluations after every event arrived (the stream ends at %s; evaluated up to %s)",
              Instant.ofEpochMilli(end),
              published.burnRatesOf(PageRuleOracle.SLO_ID).stream()
                  .map(BurnRateEvaluation::getEvaluatedAt)
                  .max(Instant::compareTo)
                  .orElse(null))
          .isNotEmpty();
      settled.forEach(oracle::assertMatches);
    }
  }

  /**
   * Whether {@code event} reaches the broker in [from, to) of the on-time producers' event time:
   * the lagging producer's events arrive ten minutes after their own time.
   */
  private static boolean receivedIn(RequestEvent event, long from, long to) {
    long time = event.getTimestamp().toEpochMilli();
    long received = event.getOperation().equals("POST /batch") ? time + BEHIND : time;
    return received >= from && received < to;
  }

  /** Every closed minute's latest snapshot, per service and operation, as the oracle counts. */
  private static void assertLatestMinutes(
      List<RequestEvent> events, List<SliSnapshot> snapshots, long end) {
    RawEventOracle oracle = new RawEventOracle(MINUTE);
    events.forEach(oracle::accept);
    Map<RawEventOracle.Cell, SliSnapshot> latest = new HashMap<>();
    for (SliSnapshot snapshot : snapshots) {
      long start = snapshot.getWindowStart().toEpochMilli();
      if (snapshot.getWindowEnd().toEpochMilli() - start == MINUTE) {
        latest.put(
            new RawEventOracle.Cell(snapshot.getService(), snapshot.getOperation(), start),
            snapshot);
      }
    }
    int checked = 0;
    for (Map.Entry<RawEventOracle.Cell, RawEventOracle.Exact> expected :
        oracle.results().entrySet()) {
      if (expected.getKey().bucketStart() + MINUTE > end) {
        continue; // not closed by the end of the stream
      }
      SliSnapshot snapshot = latest.get(expected.getKey());
      assertThat(snapshot).as("snapshot of %s", expected.getKey()).isNotNull();
      assertThat(new long[] {snapshot.getRequestCount(), snapshot.getErrorCount()})
          .as("requests and errors of %s", expected.getKey())
          .containsExactly(expected.getValue().count(), expected.getValue().errors());
      checked++;
    }
    assertThat(checked).as("minutes checked").isGreaterThan(MINUTES);
  }
}
