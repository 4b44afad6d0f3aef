package io.slipstream.bench;

import io.slipstream.avro.RequestEvent;
import io.slipstream.contracts.Topic;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Named;

/**
 * The least any Kafka Streams application of this input does: decode every event and touch a field,
 * with no state and no output. Run with the same settings as Slipstream (exactly-once, commits,
 * threads), it separates what Kafka Streams itself costs per record from what Slipstream's topology
 * adds.
 */
final class StreamsFloorTopology {
  static final String SOURCE = "floor-request-events-source";
  static final String TOUCH = "floor-touch-latency";

  private StreamsFloorTopology() {}

  /**
   * @param latencySum where the touched field goes, so the decode cannot be skipped
   */
  static Topology build(
      Topic<String, RequestEvent> input, Map<String, ?> serdeConfig, LongAdder latencySum) {
    StreamsBuilder builder = new StreamsBuilder();
    // Keys left as bytes: the floor decodes only what it touches.
    builder.stream(
            input.name(),
            Consumed.with(Serdes.ByteArray(), input.valueSerde(serdeConfig)).withName(SOURCE))
        .foreach((key, event) -> latencySum.add(event.getLatencyMicros()), Named.as(TOUCH));
    return builder.build();
  }
}
