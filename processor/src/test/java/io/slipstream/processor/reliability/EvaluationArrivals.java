package io.slipstream.processor.reliability;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * When each committed evaluation of one SLO reached a reader of the burn-rate topic (wall clock, as
 * {@link System#nanoTime}): how long evaluations stopped while the SLO's task moved.
 */
final class EvaluationArrivals implements AutoCloseable {
  private final KafkaConsumer<String, byte[]> consumer;
  private final String sloId;
  private final Thread thread;
  private final List<Long> arrivals = new ArrayList<>();
  private volatile boolean running = true;

  private EvaluationArrivals(String bootstrapServers, String topic, String sloId) {
    this.sloId = sloId;
    this.consumer =
        new KafkaConsumer<>(
            Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrapServers,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG,
                "read_committed",
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
                "earliest",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
                false),
            new StringDeserializer(),
            new ByteArrayDeserializer());
    var partitions =
        consumer.partitionsFor(topic).stream()
            .map(p -> new org.apache.kafka.common.TopicPartition(topic, p.partition()))
            .toList();
    consumer.assign(partitions);
    consumer.seekToBeginning(partitions);
    this.thread = new Thread(this::follow, "evaluation-arrivals");
    thread.setDaemon(true);
  }

  /** Starts following {@code topic} for evaluations of {@code sloId}. */
  static EvaluationArrivals follow(String bootstrapServers, String topic, String sloId) {
    EvaluationArrivals arrivals = new EvaluationArrivals(bootstrapServers, topic, sloId);
    arrivals.thread.start();
    return arrivals;
  }

  private void follow() {
    try {
      while (running) {
        for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(50))) {
          if (sloId.equals(record.key())) {
            long now = System.nanoTime();
            synchronized (arrivals) {
              arrivals.add(now);
            }
          }
        }
      }
    } catch (WakeupException e) {
      // closing
    } finally {
      consumer.close(org.apache.kafka.clients.consumer.CloseOptions.timeout(Duration.ofSeconds(5)));
    }
  }

  /**
   * The longest time without an arriving evaluation from {@code from} (nanoTime) until the first
   * arrival at least that long after it: how long the evaluations stopped after an event at {@code
   * from}, in nanoseconds.
   */
  long longestGapAround(long from) {
    List<Long> copy;
    synchronized (arrivals) {
      copy = new ArrayList<>(arrivals);
    }
    long longest = 0;
    long previous = from;
    for (long arrival : copy) {
      if (arrival <= from) {
        continue;
      }
      long gap = arrival - previous;
      if (gap > longest) {
        longest = gap;
      } else if (longest > 0 && gap < longest / 4) {
        // Evaluations flow again at their usual pace: the stop is over.
        return longest;
      }
      previous = arrival;
    }
    return longest;
  }

  @Override
  public void close() {
    running = false;
    consumer.wakeup();
    try {
      thread.join(10_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
