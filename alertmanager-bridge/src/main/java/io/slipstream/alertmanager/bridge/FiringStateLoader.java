package io.slipstream.alertmanager.bridge;

import io.slipstream.alertmanager.delivery.Backoff;
import io.slipstream.avro.SloAlert;
import io.slipstream.serde.WireFormatException;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Rebuilds which alerts are firing from the alert topic itself: reads each newly assigned partition
 * from its beginning up to the offset where delivery resumes, applying every transition, sending
 * nothing. Records before that offset were delivered already (or, for a group with no committed
 * offset, predate the bridge); the firing ones among them reach Alertmanager again through the next
 * re-send.
 *
 * <p>Why the topic rather than a state store or Alertmanager's own list: the topic is the record of
 * every transition, in order, per SLO; it needs no second copy to keep consistent, and an
 * Alertmanager that restarted without its storage, or a second one added to the list, still gets
 * every firing alert. The price is reading the topic once per assignment, which for a topic of
 * transitions (not of events) is small; the topic's retention must cover the longest-firing alert
 * (an alert whose FIRING record was deleted is not re-sent and Alertmanager resolves it after its
 * TTL).
 */
final class FiringStateLoader {
  private static final Logger LOG = LoggerFactory.getLogger(FiringStateLoader.class);
  private static final Duration POLL_TIMEOUT = Duration.ofMillis(200);

  private final Supplier<Consumer<byte[], byte[]>> readers;
  private final Deserializer<SloAlert> values;
  private final Backoff backoff;
  private final BooleanSupplier stopping;

  /**
   * @param readers makes a consumer without a group (assign only, read_committed), closed after use
   * @param values decodes alert values
   * @param backoff the waits while the schema registry is unreachable
   * @param stopping true when loading should stop early (shutdown)
   */
  FiringStateLoader(
      Supplier<Consumer<byte[], byte[]>> readers,
      Deserializer<SloAlert> values,
      Backoff backoff,
      BooleanSupplier stopping) {
    this.readers = readers;
    this.values = values;
    this.backoff = backoff;
    this.stopping = stopping;
  }

  /**
   * Applies every record of each partition below its offset in {@code upTo} to {@code state}.
   * Records that cannot be decoded are skipped (they were dead-lettered when delivered).
   *
   * @return how many records were read
   * @throws InterruptedException if interrupted while waiting for the registry
   */
  int load(Map<TopicPartition, Long> upTo, FiringAlerts state) throws InterruptedException {
    Map<TopicPartition, Long> targets = new HashMap<>();
    upTo.forEach(
        (partition, offset) -> {
          if (offset > 0) {
            targets.put(partition, offset);
          }
        });
    if (targets.isEmpty()) {
      return 0;
    }
    int read = 0;
    int failures = 0;
    try (Consumer<byte[], byte[]> reader = readers.get()) {
      reader.assign(targets.keySet());
      reader.seekToBeginning(targets.keySet());
      Set<TopicPartition> remaining = new HashSet<>(targets.keySet());
      while (!stopping.getAsBoolean()) {
        Set<TopicPartition> done = new HashSet<>();
        for (TopicPartition partition : remaining) {
          if (reader.position(partition) >= targets.get(partition)) {
            done.add(partition);
          }
        }
        remaining.removeAll(done);
        reader.pause(done);
        if (remaining.isEmpty()) {
          break;
        }
        ConsumerRecords<byte[], byte[]> records = reader.poll(POLL_TIMEOUT);
        for (TopicPartition partition : records.partitions()) {
          for (ConsumerRecord<byte[], byte[]> record : records.records(partition)) {
            if (record.offset() >= targets.get(partition)) {
              break;
            }
            SloAlert alert;
            try {
              alert = values.deserialize(record.topic(), record.value());
            } catch (WireFormatException e) {
              if (!e.isRetriable()) {
                LOG.debug(
                    "Skipping undecodable {}@{}: {}", partition, record.offset(), e.getMessage());
                continue;
              }
              failures++;
              LOG.warn("Cannot decode {}@{} yet: {}", partition, record.offset(), e.getMessage());
              Thread.sleep(backoff.delay(failures).toMillis());
              reader.seek(partition, record.offset());
              break;
            } catch (SerializationException e) {
              LOG.debug(
                  "Skipping undecodable {}@{}: {}", partition, record.offset(), e.getMessage());
              continue;
            }
            failures = 0;
            read++;
            if (alert != null) {
              state.apply(partition, alert);
            }
          }
        }
      }
    }
    return read;
  }
}
