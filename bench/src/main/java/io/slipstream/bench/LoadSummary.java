package io.slipstream.bench;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * What the loader put into the input topic.
 *
 * @param events records written
 * @param endOffsets the end offset of each partition, by partition number
 * @param averageValueBytes mean size of a serialized value (Confluent wire format, Avro body)
 * @param firstEventTime the nominal time of the first event
 * @param lastEventTime the nominal time of the last event
 * @param loadTime how long loading took (not part of any measurement)
 */
record LoadSummary(
    long events,
    List<Long> endOffsets,
    double averageValueBytes,
    Instant firstEventTime,
    Instant lastEventTime,
    Duration loadTime) {

  LoadSummary {
    endOffsets = List.copyOf(endOffsets);
  }

  long totalEndOffset() {
    return endOffsets.stream().mapToLong(Long::longValue).sum();
  }
}
