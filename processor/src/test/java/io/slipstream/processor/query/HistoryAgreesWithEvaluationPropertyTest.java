package io.slipstream.processor.query;

import static org.assertj.core.api.Assertions.assertThat;

import io.slipstream.avro.BurnRateEvaluation;
import io.slipstream.avro.Outcome;
import io.slipstream.avro.RequestEvent;
import io.slipstream.avro.WindowBurnRate;
import io.slipstream.contracts.Topics;
import io.slipstream.processor.metrics.RejectionCounts;
import io.slipstream.processor.query.ApiViews.SloHistoryView;
import io.slipstream.processor.slo.corrections.CorrectionRegistry;
import io.slipstream.processor.slo.engine.SloRegistry;
import io.slipstream.processor.slo.sla.SlaRegistry;
import io.slipstream.processor.slo.spec.OpenSloParser;
import io.slipstream.processor.slo.spec.SloDefinition;
import io.slipstream.processor.topology.SliSettings;
import io.slipstream.processor.topology.SlipstreamTopology;
import io.slipstream.processor.topology.SloSettings;
import io.slipstream.processor.validation.ValidationLimits;
import io.slipstream.serde.AvroDeserializer;
import io.slipstream.serde.AvroSerializer;
import io.slipstream.serde.SchemaRegistrySettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.UUID;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TopologyTestDriver;

/**
 * The history endpoint and the live evaluation compute burn rates apart (the history from the
 * stored minute counts, the evaluation from its running windows), with the same arithmetic: for any
 * traffic, the history's burn rate of a window at minute {@code m} equals the one published by the
 * evaluation at the end of that minute, {@code m + 1 min}, which covers the same events.
 */
class HistoryAgreesWithEvaluationPropertyTest {
  private static final long T0 = 1_700_002_800_000L;
  private static final long MINUTE = 60_000;
  private static final long SPAN = 3 * 60 * MINUTE;

  @Property(tries = 20)
  void shouldPublishInTheHistoryTheBurnRatesTheEvaluationPublished(
      @ForAll @LongRange(min = 0, max = 1_000_000) long seed) throws Exception {
    String registryUrl = "mem://" + UUID.randomUUID();
    Map<String, Object> serdeConfig = Map.of(SchemaRegistrySettings.URL, registryUrl);
    Topics topics = Topics.withPrefix("history-");
    Path stateDir = Files.createTempDirectory("slipstream-history-");
    Properties props = new Properties();
    props.put(StreamsConfig.APPLICATION_ID_CONFIG, "history-" + seed);
    props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:1");
    props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
    props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
    SliSettings settings =
        SliSettings.defaults()
            .withLimits(
                ValidationLimits.defaults()
                    .withMaxFutureSkew(null)
                    .withMaxAge(Duration.ofDays(30)));
    String yaml = Files.readString(Path.of("../examples/slos/checkout-availability.yaml"));
    SloDefinition definition =
        OpenSloParser.parse("checkout-availability.yaml", yaml).definitions().get(0);
    try (TopologyTestDriver driver =
        new TopologyTestDriver(
            SlipstreamTopology.build(
                settings,
                SloSettings.defaults(),
                topics,
                serdeConfig,
                new SloRegistry(),
                new CorrectionRegistry(),
                new SlaRegistry(),
                new RejectionCounts()),
            props,
            Instant.ofEpochMilli(T0))) {
      driver
          .createInputTopic(
              topics.sloDefinitions().name(), new StringSerializer(), new StringSerializer())
          .pipeInput(definition.id(), yaml);
      AvroSerializer<RequestEvent> serializer = new AvroSerializer<>();
      serializer.configure(serdeConfig, false);
      var requests =
          driver.createInputTopic(
              topics.requestEvents().name(), new StringSerializer(), serializer);
      traffic(new Random(seed)).forEach(event -> requests.pipeInput(event.getService(), event));

      AvroDeserializer<BurnRateEvaluation> deserializer =
          new AvroDeserializer<>(BurnRateEvaluation.class);
      deserializer.configure(serdeConfig, false);
      Map<Long, BurnRateEvaluation> published = new HashMap<>();
      driver
          .createOutputTopic(topics.sloBurnRates().name(), new StringDeserializer(), deserializer)
          .readValuesToList()
          .forEach(e -> published.put(e.getEvaluatedAt().toEpochMilli(), e));

      LocalQueries queries =
          new LocalQueries(
              new DriverStores(driver), settings.bucketSize().toMillis(), new CorrectionRegistry());
      DriverStores stores = new DriverStores(driver);
      QueryClock.Now now = new QueryClock(stores, () -> 0L).at(0);
      long lastEvaluated =
          published.keySet().stream().mapToLong(Long::longValue).max().orElseThrow();
      // The query's now is the task's watermark: in event time, at or past the last evaluation.
      assertThat(now.source()).isEqualTo(QueryClock.EVENT_TIME);
      assertThat(now.millis()).isGreaterThanOrEqualTo(lastEvaluated);
      SloHistoryView history =
          queries.slo(definition, 0, Duration.ofHours(3).toMillis(), now).history();
      int compared = 0;
      for (int i = 0; i < history.minutes().size(); i++) {
        long minute = history.minutes().get(i);
        BurnRateEvaluation evaluation = published.get(minute + MINUTE);
        if (evaluation == null) {
          continue; // the end of this minute was not evaluated (the last minute)
        }
        for (WindowBurnRate window : evaluation.getWindows()) {
          List<Double> series = history.burnRates().get(window.getWindow());
          if (series == null) {
            continue; // a standard window no alert rule uses: not in the history
          }
          assertThat(series.get(i))
              .as("burn rate of %s at %s", window.getWindow(), Instant.ofEpochMilli(minute))
              .isEqualTo(window.getBurnRate());
          compared++;
        }
      }
      assertThat(compared).as("points compared").isGreaterThan(500);
    }
  }

  /** Three hours of checkout requests, every 1 to 20 s, with up to three error bursts. */
  private static List<RequestEvent> traffic(Random random) {
    long[][] bursts = new long[random.nextInt(4)][];
    for (int i = 0; i < bursts.length; i++) {
      long start = T0 + (long) (random.nextDouble() * SPAN);
      bursts[i] = new long[] {start, start + (1 + random.nextInt(30)) * MINUTE};
    }
    java.util.ArrayList<RequestEvent> events = new java.util.ArrayList<>();
    for (long t = T0; t < T0 + SPAN; t += 1_000 + random.nextInt(19_000)) {
      boolean inBurst = false;
      for (long[] burst : bursts) {
        inBurst |= t >= burst[0] && t < burst[1];
      }
      boolean error = random.nextDouble() < (inBurst ? 0.3 : 0.001);
      events.add(
          RequestEvent.newBuilder()
              .setService("checkout")
              .setOperation("GET /cart")
              .setTimestamp(Instant.ofEpochMilli(t))
              .setLatencyMicros(10_000)
              .setStatusCode(error ? 503 : 200)
              .setOutcome(error ? Outcome.ERROR : Outcome.SUCCESS)
              .build());
    }
    return events;
  }
}
