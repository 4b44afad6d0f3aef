package io.slipstream.processor.slo.definitions;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.serialization.StringDeserializer;

/** Reads a compacted topic of text records to its end: what is on it now, key by key. */
public final class CompactedTopicReader {
  private static final Duration POLL_INTERVAL = Duration.ofMillis(200);

  private CompactedTopicReader() {}

  /**
   * The latest value of every key whose last record is not a tombstone, read to the end with {@code
   * consumerConfig} (assigned partitions, no group; {@code read_committed} is the caller's choice).
   * An absent topic holds nothing.
   *
   * @throws TimeoutException when the end is not reached within {@code readTimeout}
   */
  public static Map<String, String> read(
      Map<String, Object> consumerConfig, String topic, Duration readTimeout) {
    long deadline = System.nanoTime() + readTimeout.toNanos();
    Map<String, String> contents = new TreeMap<>();
    Consumer<String, String> consumer =
        new KafkaConsumer<>(consumerConfig, new StringDeserializer(), new StringDeserializer());
    try {
      List<PartitionInfo> partitions = consumer.partitionsFor(topic, readTimeout);
      if (partitions == null || partitions.isEmpty()) {
        return contents;
      }
      List<TopicPartition> assigned =
          partitions.stream().map(p -> new TopicPartition(p.topic(), p.partition())).toList();
      consumer.assign(assigned);
      consumer.seekToBeginning(assigned);
      // For read_committed, the end is the last stable offset: no open transaction is waited for.
      Map<TopicPartition, Long> ends = consumer.endOffsets(assigned, remaining(deadline));
      while (!reachedEnd(consumer, ends, deadline)) {
        Duration left = remaining(deadline);
        if (left.isZero()) {
          throw new TimeoutException(
              "could not read " + topic + " to its end within " + readTimeout);
        }
        for (ConsumerRecord<String, String> record :
            consumer.poll(left.compareTo(POLL_INTERVAL) < 0 ? left : POLL_INTERVAL)) {
          if (record.key() == null) {
            continue;
          }
          if (record.value() == null) {
            contents.remove(record.key());
          } else {
            contents.put(record.key(), record.value());
          }
        }
      }
    } finally {
      // No group to leave, nothing to commit: do not wait for a fetch the broker may be holding
      // (up to fetch.max.wait.ms, 500 ms by default) past the end of the topic.
      consumer.close(CloseOptions.timeout(Duration.ZERO));
    }
    return contents;
  }

  private static boolean reachedEnd(
      Consumer<String, String> consumer, Map<TopicPartition, Long> ends, long deadline) {
    for (Map.Entry<TopicPartition, Long> end : ends.entrySet()) {
      if (consumer.position(end.getKey(), remaining(deadline)) < end.getValue()) {
        return false;
      }
    }
    return true;
  }

  private static Duration remaining(long deadline) {
    long nanos = deadline - System.nanoTime();
    return nanos <= 0 ? Duration.ZERO : Duration.ofNanos(nanos);
  }
}
