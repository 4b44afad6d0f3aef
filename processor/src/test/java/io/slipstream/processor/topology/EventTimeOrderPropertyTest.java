package io.slipstream.processor.topology;

import static org.assertj.core.api.Assertions.assertThat;

import io.slipstream.avro.BurnRateEvaluation;
import io.slipstream.avro.RequestEvent;
import io.slipstream.avro.ResourceSample;
import io.slipstream.avro.SliSnapshot;
import io.slipstream.contracts.Topics;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.UUID;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * The event-time contract: the order in which Kafka delivers the two input topics, and any
 * reordering of each topic's events within the allowed lateness, changes no count, budget or burn
 * rate; with settled evaluation, not even one evaluation or alert transition.
 *
 * <p>Each try delivers the same events twice: once in event-time order across both topics, once
 * with each topic reordered within {@link #LATENESS} and the topics interleaved by a random
 * schedule (one whole topic before the other, alternating runs, or anything between). As a consumer
 * would, the processor is told an input is caught up only once the test has delivered all of it.
 * Every published evaluation is also judged against {@link BurnRateOracle}. The watermark's maximum
 * hold covers the whole stream, so one topic delivered whole before the other still holds it.
 */
class EventTimeOrderPropertyTest {
  private static final long T0 = 1_700_002_800_000L;
  private static final long SPAN = 40 * 60_000;
  private static final long LATENESS = 90_000;
  private static final long TRAILER = SPAN + Duration.ofHours(2).toMillis();

  /** A request at an offset from T0, whether it fails, and how late its topic delivers it. */
  record Request(long offset, boolean error, long jitter) {}

  /** The events of one try and the shuffled schedule's seed and bias. */
  record Stream(List<Request> requests, List<Long> sampleJitters, long seed, int bias) {}

  /** One input record: its topic, its event time, its delivery key in the shuffled order. */
  private record Delivery(boolean request, Object value, long time, long key) {}

  @Property(tries = 40)
  void shouldPublishTheSameEvaluationsAndAlertsWhateverTheOrderWhenSettled(
      @ForAll("streams") Stream stream) {
    SloSettings settled = SloSettings.defaults().withSettle(Duration.ofMillis(LATENESS));
    Run inOrder = run(inOrder(stream), settled);
    Run shuffled = run(shuffled(stream), settled);

    assertThat(shuffled.evaluations()).isNotEmpty().isEqualTo(inOrder.evaluations());
    assertThat(shuffled.alerts()).isEqualTo(inOrder.alerts());
    BurnRateOracle oracle = oracleOf(stream);
    inOrder.records().forEach(oracle::assertMatches);
  }

  @Property(tries = 40)
  void shouldCountTheSameEventsWhateverTheOrderWhenEvaluatingImmediately(
      @ForAll("streams") Stream stream) {
    Run inOrder = run(inOrder(stream), SloSettings.defaults());
    Run shuffled = run(shuffled(stream), SloSettings.defaults());

    // Ticks after every event has arrived: the same counts, budget and burn rates.
    List<String> settledInOrder = after(inOrder, T0 + SPAN + LATENESS);
    assertThat(after(shuffled, T0 + SPAN + LATENESS)).isNotEmpty().isEqualTo(settledInOrder);
    BurnRateOracle oracle = oracleOf(stream);
    shuffled.records().stream()
        .filter(e -> e.getEvaluatedAt().toEpochMilli() >= T0 + SPAN + LATENESS)
        .forEach(oracle::assertMatches);
    // The latest snapshot of every window (revisions included) counts the same requests.
    assertThat(shuffled.windows()).isEqualTo(inOrder.windows());
  }

  private static BurnRateOracle oracleOf(Stream stream) {
    BurnRateOracle oracle =
        new BurnRateOracle(PageRuleOracle.TARGET, PageRuleOracle.PERIOD.toMillis());
    for (Delivery delivery : inOrder(stream)) {
      if (delivery.request()) {
        oracle.arrive((RequestEvent) delivery.value());
      }
    }
    return oracle;
  }

  private static List<String> after(Run run, long from) {
    return run.records().stream()
        .filter(e -> e.getEvaluatedAt().toEpochMilli() >= from)
        .map(EventTimeOrderPropertyTest::describe)
        .toList();
  }

  /** What was published in one run. */
  record Run(
      List<BurnRateEvaluation> records,
      List<String> evaluations,
      List<String> alerts,
      Map<String, String> windows) {}

  private static Run run(List<Delivery> deliveries, SloSettings sloSettings) {
    int[] undelivered = new int[2];
    deliveries.forEach(d -> undelivered[d.request() ? 0 : 1]++);
    String prefix = "order-" + UUID.randomUUID().toString().substring(0, 8) + "-";
    Topics topics = Topics.withPrefix(prefix);
    InputLag lag =
        (topic, partition) -> undelivered[topic.equals(topics.requestEvents().name()) ? 0 : 1];
    List<BurnRateEvaluation> records = new ArrayList<>();
    List<String> alerts = new ArrayList<>();
    Map<String, String> windows = new TreeMap<>();
    try (TopologyFixture fixture =
        new TopologyFixture(
            TopologyFixture.inMemoryRegistry(),
            prefix,
            TopologyFixture.replaySettings(Duration.ofDays(30))
                .withMaxWatermarkHold(Duration.ofMillis(TRAILER)),
            sloSettings,
            Instant.ofEpochMilli(T0),
            lag)) {
      fixture.sloDefinitions.pipeInput("checkout-availability", PageRuleOracle.SLO);
      for (Delivery delivery : deliveries) {
        undelivered[delivery.request() ? 0 : 1]--;
        if (delivery.request()) {
          fixture.send((RequestEvent) delivery.value());
        } else {
          fixture.send((ResourceSample) delivery.value());
        }
      }
      records.addAll(fixture.sloBurnRates.readValuesToList());
      fixture.sloAlerts.readValuesToList().forEach(alert -> alerts.add(alert.toString()));
      for (SliSnapshot snapshot : fixture.sliSnapshots.readValuesToList()) {
        windows.put(
            snapshot.getOperation()
                + "@"
                + snapshot.getWindowStart()
                + "/"
                + snapshot.getWindowEnd(),
            snapshot.getRequestCount() + " requests, " + snapshot.getErrorCount() + " errors");
      }
      assertThat(fixture.requestEventsDlq.readRecordsToList()).as("dead letters").isEmpty();
      assertThat(fixture.resourceSamplesDlq.readRecordsToList()).as("dead letters").isEmpty();
    }
    return new Run(
        records,
        records.stream().map(EventTimeOrderPropertyTest::describe).toList(),
        alerts,
        windows);
  }

  private static String describe(BurnRateEvaluation evaluation) {
    StringBuilder text = new StringBuilder();
    text.append(evaluation.getEvaluatedAt())
        .append(" period ")
        .append(evaluation.getPeriodGoodEvents())
        .append('/')
        .append(evaluation.getPeriodTotalEvents())
        .append(" budget ")
        .append(evaluation.getErrorBudgetRemaining());
    evaluation
        .getWindows()
        .forEach(
            w ->
                text.append(' ')
                    .append(w.getWindow())
                    .append(' ')
                    .append(w.getGoodEvents())
                    .append('/')
                    .append(w.getTotalEvents())
                    .append(' ')
                    .append(w.getBurnRate()));
    return text.toString();
  }

  /** Both topics merged in event-time order, then the trailing records. */
  private static List<Delivery> inOrder(Stream stream) {
    List<Delivery> all = deliveries(stream);
    all.sort(Comparator.comparingLong(Delivery::time).thenComparing(Delivery::request));
    return withTrailer(all);
  }

  /**
   * Each topic reordered within the allowed lateness, the two interleaved by a random schedule:
   * {@code bias} percent of the picks take a request while both topics have records left.
   */
  private static List<Delivery> shuffled(Stream stream) {
    List<Delivery> requests = new ArrayList<>();
    List<Delivery> samples = new ArrayList<>();
    for (Delivery delivery : deliveries(stream)) {
      (delivery.request() ? requests : samples).add(delivery);
    }
    requests.sort(Comparator.comparingLong(Delivery::key));
    samples.sort(Comparator.comparingLong(Delivery::key));
    Random random = new Random(stream.seed());
    List<Delivery> merged = new ArrayList<>();
    int r = 0;
    int s = 0;
    while (r < requests.size() || s < samples.size()) {
      boolean takeRequest =
          s == samples.size() || (r < requests.size() && random.nextInt(100) < stream.bias());
      merged.add(takeRequest ? requests.get(r++) : samples.get(s++));
    }
    return withTrailer(merged);
  }

  private static List<Delivery> deliveries(Stream stream) {
    List<Delivery> all = new ArrayList<>();
    for (Request request : stream.requests()) {
      long time = T0 + request.offset();
      RequestEvent event =
          TopologyFixture.event(
              "checkout", "POST /orders", time, 10_000, request.error() ? 503 : 200);
      all.add(new Delivery(true, event, time, time + request.jitter()));
    }
    for (int i = 0; i < stream.sampleJitters().size(); i++) {
      long time = T0 + i * 10_000L;
      ResourceSample sample = TopologyFixture.sample("checkout", "pod-a", time, 0.4, 0.5);
      all.add(new Delivery(false, sample, time, time + stream.sampleJitters().get(i)));
    }
    return all;
  }

  /** A last record on each topic, far ahead, so that every tick after the events is evaluated. */
  private static List<Delivery> withTrailer(List<Delivery> deliveries) {
    List<Delivery> all = new ArrayList<>(deliveries);
    long time = T0 + TRAILER;
    all.add(
        new Delivery(
            true, TopologyFixture.event("checkout", "POST /orders", time, 1, 200), time, time));
    all.add(
        new Delivery(
            false, TopologyFixture.sample("checkout", "pod-a", time, 0.1, 0.1), time, time));
    return all;
  }

  @Provide
  Arbitrary<Stream> streams() {
    Arbitrary<Long> incidentStart = Arbitraries.longs().between(0, SPAN - 10 * 60_000);
    Arbitrary<List<Request>> requests =
        incidentStart.flatMap(
            start ->
                Combinators.combine(
                        Arbitraries.longs().between(0, SPAN - 1),
                        Arbitraries.integers().between(0, 99),
                        Arbitraries.longs().between(0, LATENESS - 1))
                    .as(
                        (offset, dice, jitter) -> {
                          boolean inIncident = offset >= start && offset < start + 10 * 60_000;
                          return new Request(offset, dice < (inIncident ? 50 : 1), jitter);
                        })
                    .list()
                    .ofMinSize(100)
                    .ofMaxSize(600));
    Arbitrary<List<Long>> sampleJitters =
        Arbitraries.longs().between(0, LATENESS - 1).list().ofSize((int) (SPAN / 10_000));
    Arbitrary<Integer> bias = Arbitraries.of(0, 5, 50, 95, 100);
    return Combinators.combine(requests, sampleJitters, Arbitraries.longs(), bias).as(Stream::new);
  }
}
