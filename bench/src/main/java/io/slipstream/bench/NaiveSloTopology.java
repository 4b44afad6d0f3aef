package io.slipstream.bench;

import io.slipstream.avro.RequestEvent;
import io.slipstream.contracts.Topic;
import io.slipstream.processor.aggregation.ErrorClassifier;
import java.time.Duration;
import java.util.Map;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Grouped;
import org.apache.kafka.streams.kstream.KGroupedStream;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.TimeWindows;
import org.apache.kafka.streams.state.WindowStore;

/**
 * The baseline a user would write with the Kafka Streams DSL: events decoded by the source serde,
 * grouped by their key (the service), and aggregated per window into a {@link NaiveSloAggregate}
 * with the default record cache.
 *
 * <p>Windows (all with Slipstream's 1 min grace):
 *
 * <ul>
 *   <li>10 s tumbling: the buckets of the golden signals;
 *   <li>with {@code hopping}: 5 min and 1 h windows advancing by 1 min, the short and long windows
 *       of the fastest page alert (1 h / 5 m at burn rate 14.4), i.e. DESIGN's "plus a 1-hour
 *       window hopping by 1 minute" and its 5-minute partner. Each event lands in 5 + 60 of them.
 * </ul>
 *
 * Per service only, no per-operation aggregates and no output topic: less work than Slipstream
 * does, which favours the baseline.
 */
final class NaiveSloTopology {
  static final String SOURCE = "naive-request-events-source";
  static final String BY_SERVICE = "naive-by-service";
  static final String BUCKETS_STORE = "naive-10s-buckets-store";
  static final String SHORT_WINDOW_STORE = "naive-5m-hopping-store";
  static final String LONG_WINDOW_STORE = "naive-1h-hopping-store";

  static final Duration BUCKET = Duration.ofSeconds(10);
  static final Duration SHORT_WINDOW = Duration.ofMinutes(5);
  static final Duration LONG_WINDOW = Duration.ofHours(1);
  static final Duration ADVANCE = Duration.ofMinutes(1);
  static final Duration GRACE = Duration.ofMinutes(1);

  private NaiveSloTopology() {}

  /**
   * @param serdeConfig configuration of the Avro serde ({@code schema.registry.url})
   * @param hopping whether to add the 5 min and 1 h hopping windows
   */
  static Topology build(
      Topic<String, RequestEvent> input, Map<String, ?> serdeConfig, boolean hopping) {
    ErrorClassifier classifier = ErrorClassifier.defaults();
    Serde<NaiveSloAggregate> aggregates = NaiveSloAggregate.serde();

    StreamsBuilder builder = new StreamsBuilder();
    KGroupedStream<String, RequestEvent> byService =
        builder.stream(
                input.name(),
                Consumed.with(input.keySerde(serdeConfig), input.valueSerde(serdeConfig))
                    .withName(SOURCE))
            .groupByKey(Grouped.<String, RequestEvent>as(BY_SERVICE));
    aggregate(
        byService,
        TimeWindows.ofSizeAndGrace(BUCKET, GRACE),
        BUCKETS_STORE,
        aggregates,
        classifier);
    if (hopping) {
      aggregate(
          byService,
          TimeWindows.ofSizeAndGrace(SHORT_WINDOW, GRACE).advanceBy(ADVANCE),
          SHORT_WINDOW_STORE,
          aggregates,
          classifier);
      aggregate(
          byService,
          TimeWindows.ofSizeAndGrace(LONG_WINDOW, GRACE).advanceBy(ADVANCE),
          LONG_WINDOW_STORE,
          aggregates,
          classifier);
    }
    return builder.build();
  }

  private static void aggregate(
      KGroupedStream<String, RequestEvent> byService,
      TimeWindows windows,
      String storeName,
      Serde<NaiveSloAggregate> aggregates,
      ErrorClassifier classifier) {
    byService
        .windowedBy(windows)
        .aggregate(
            NaiveSloAggregate::new,
            (service, event, aggregate) ->
                aggregate.add(event.getLatencyMicros(), classifier.isError(event)),
            Named.as(storeName.replace("-store", "-aggregate")),
            Materialized.<String, NaiveSloAggregate, WindowStore<Bytes, byte[]>>as(storeName)
                .withKeySerde(Serdes.String())
                .withValueSerde(aggregates));
  }
}
