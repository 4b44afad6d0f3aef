package io.slipstream.bench;

import java.util.Arrays;
import java.util.stream.Collectors;

/** What the harness can time on the preloaded topic. */
enum Variant {
  /** One plain {@code KafkaConsumer} per partition, decoding every value: no consumer does less. */
  PLAIN_CONSUMER("plain-consumer", "plain KafkaConsumer + Avro decode (physical limit)"),
  /**
   * Kafka Streams decoding every event and nothing else, with Slipstream's settings: what the
   * framework costs before any topology work. Context, not a target.
   */
  STREAMS_FLOOR(
      "streams-decode-only", "Kafka Streams floor: decode every event, no state (context)"),
  /** Slipstream's topology with the processor's default Streams settings. */
  SLIPSTREAM("slipstream", "Slipstream topology (SlipstreamProcessor, StreamsSettings defaults)"),
  /** The naive DSL with the 10 s tumbling aggregate only: context, not a target. */
  NAIVE_DSL_TUMBLING("naive-dsl-tumbling", "naive DSL: 10 s tumbling aggregate only"),
  /** The baseline: the naive DSL with the hopping windows that burn rates need. */
  NAIVE_DSL(
      "naive-dsl", "naive DSL baseline: 10 s tumbling + 5 min and 1 h windows hopping by 1 min");

  private final String id;
  private final String description;

  Variant(String id, String description) {
    this.id = id;
    this.description = description;
  }

  String id() {
    return id;
  }

  String description() {
    return description;
  }

  /**
   * @throws IllegalArgumentException naming the known ids
   */
  static Variant fromId(String id) {
    for (Variant variant : values()) {
      if (variant.id.equals(id.trim())) {
        return variant;
      }
    }
    throw new IllegalArgumentException(
        "unknown variant '"
            + id
            + "'; known: "
            + Arrays.stream(values()).map(Variant::id).collect(Collectors.joining(", ")));
  }
}
