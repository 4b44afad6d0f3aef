package io.slipstream.processor.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import io.slipstream.avro.BurnRateEvaluation;
import io.slipstream.avro.RequestEvent;
import io.slipstream.avro.Severity;
import io.slipstream.avro.SliSnapshot;
import io.slipstream.processor.topology.BurnRateOracle;
import io.slipstream.processor.topology.PageRuleOracle;
import io.slipstream.processor.topology.RawEventOracle;
import io.slipstream.processor.topology.RawEventOracle.Cell;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Judges what a pipeline published for an {@link IncidentTraffic} stream against the oracles, as if
 * nothing had gone wrong: every closed 10 s and 1 min snapshot exactly once with the oracle's
 * counts; a burn-rate evaluation of the page-rule SLO at every 10 s of event time, once, with the
 * oracle's window and period counts; the oracle's page transitions, each once; nothing
 * dead-lettered.
 *
 * <p>Only what the events themselves determine is judged: buckets that the last event closes, and
 * evaluations and transitions up to the last event. After that, an idle task's event time follows
 * the wall clock, which differs from run to run.
 */
final class OracleVerdict {
  private static final long BUCKET = 10_000;
  private static final long MINUTE = 60_000;
  private static final long GRACE = 60_000;
  private static final long EVALUATION_INTERVAL = 10_000;

  private OracleVerdict() {}

  static void assertExact(List<RequestEvent> events, PublishedOutputs published) {
    Map<String, Long> lastEventTime = new HashMap<>();
    events.forEach(
        e -> lastEventTime.merge(e.getService(), e.getTimestamp().toEpochMilli(), Math::max));
    assertThat(published.deadLetters()).as("dead-lettered request events").isZero();
    assertSnapshots(events, published.snapshots(), lastEventTime, BUCKET);
    assertSnapshots(events, published.snapshots(), lastEventTime, MINUTE);
    assertBurnRatesAndPages(events, published, lastEventTime.get(IncidentTraffic.CHECKOUT));
  }

  private static void assertSnapshots(
      List<RequestEvent> events,
      List<SliSnapshot> snapshots,
      Map<String, Long> lastEventTime,
      long size) {
    RawEventOracle oracle = new RawEventOracle(size);
    events.forEach(oracle::accept);
    Map<Cell, RawEventOracle.Exact> expected = new HashMap<>();
    oracle
        .results()
        .forEach(
            (cell, exact) -> {
              if (closed(cell.service(), cell.bucketStart() + size, lastEventTime)) {
                expected.put(cell, exact);
              }
            });
    List<Cell> publishedCells = new ArrayList<>();
    Map<Cell, SliSnapshot> byCell = new HashMap<>();
    for (SliSnapshot snapshot : snapshots) {
      long start = snapshot.getWindowStart().toEpochMilli();
      long end = snapshot.getWindowEnd().toEpochMilli();
      if (end - start == size && closed(snapshot.getService(), end, lastEventTime)) {
        Cell cell = new Cell(snapshot.getService(), snapshot.getOperation(), start);
        publishedCells.add(cell);
        byCell.put(cell, snapshot);
      }
    }
    assertThat(publishedCells)
        .as("closed %d ms snapshots, each published once", size)
        .doesNotHaveDuplicates()
        .containsExactlyInAnyOrderElementsOf(expected.keySet());
    expected.forEach(
        (cell, exact) -> {
          SliSnapshot snapshot = byCell.get(cell);
          assertThat(new long[] {snapshot.getRequestCount(), snapshot.getErrorCount()})
              .as("requests and errors of %s", cell)
              .containsExactly(exact.count(), exact.errors());
          assertThat(new long[] {snapshot.getLatencyMinMicros(), snapshot.getLatencyMaxMicros()})
              .as("latency extremes of %s", cell)
              .containsExactly(exact.min(), exact.max());
        });
  }

  private static boolean closed(String service, long bucketEnd, Map<String, Long> lastEventTime) {
    Long last = lastEventTime.get(service);
    return last != null && bucketEnd + GRACE <= last;
  }

  private static void assertBurnRatesAndPages(
      List<RequestEvent> events, PublishedOutputs published, long lastEventTime) {
    List<RequestEvent> checkout =
        events.stream().filter(e -> e.getService().equals(IncidentTraffic.CHECKOUT)).toList();
    List<BurnRateEvaluation> evaluations =
        assertEvaluationsAndPages(
            checkout, published, lastEventTime, PageRuleOracle.PERIOD.toMillis());
    assertThat(evaluations).isNotEmpty();
  }

  /**
   * Judges the page-rule SLO's evaluations up to {@code lastEventTime}: one at every 10 s of event
   * time from the first event on, in order, none twice, each with the oracle's window, period and
   * budget figures over {@code sloEvents} (in event-time order); and its page transitions, each
   * once, as the rule computes them.
   *
   * @return the evaluations judged
   */
  static List<BurnRateEvaluation> assertEvaluationsAndPages(
      List<RequestEvent> sloEvents, PublishedOutputs published, long lastEventTime, long periodMs) {
    long first = sloEvents.get(0).getTimestamp().toEpochMilli();
    List<Long> expectedTimes = new ArrayList<>();
    for (long t = first + EVALUATION_INTERVAL; t <= lastEventTime; t += EVALUATION_INTERVAL) {
      expectedTimes.add(t);
    }
    List<BurnRateEvaluation> evaluations =
        published.burnRatesOf(PageRuleOracle.SLO_ID).stream()
            .filter(e -> e.getEvaluatedAt().toEpochMilli() <= lastEventTime)
            .toList();
    List<Long> times = evaluations.stream().map(e -> e.getEvaluatedAt().toEpochMilli()).toList();
    Set<Long> evaluated = new HashSet<>(times);
    assertThat(
            expectedTimes.stream().filter(t -> !evaluated.contains(t)).map(Instant::ofEpochMilli))
        .as("ticks not evaluated")
        .isEmpty();
    assertThat(times)
        .as("burn-rate evaluations, one per 10 s of event time, in order, none twice")
        .isEqualTo(expectedTimes);

    BurnRateOracle oracle = new BurnRateOracle(PageRuleOracle.TARGET, periodMs);
    PageRuleOracle pages = new PageRuleOracle();
    int arrived = 0;
    for (BurnRateEvaluation evaluation : evaluations) {
      long now = evaluation.getEvaluatedAt().toEpochMilli();
      while (arrived < sloEvents.size()
          && sloEvents.get(arrived).getTimestamp().toEpochMilli() < now) {
        oracle.arrive(sloEvents.get(arrived++));
      }
      oracle.assertMatches(evaluation);
      pages.evaluate(oracle, now);
    }
    assertThat(pages.transitions()).as("the traffic pages and resolves").hasSizeGreaterThan(1);
    assertThat(
            published.alerts().stream()
                .filter(a -> a.getSeverity() == Severity.PAGE)
                .filter(a -> a.getTransitionAt().toEpochMilli() <= lastEventTime)
                .map(PageRuleOracle::describe)
                .toList())
        .as("page transitions, each once")
        .isEqualTo(pages.transitions());
    return evaluations;
  }
}
