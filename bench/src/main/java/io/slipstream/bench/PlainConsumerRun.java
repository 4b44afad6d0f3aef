package io.slipstream.bench;

import io.slipstream.avro.RequestEvent;
import io.slipstream.contracts.Topic;
import io.slipstream.serde.SchemaRegistrySettings;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * The physical limit: one {@code KafkaConsumer} per partition, each on its own thread, assigned its
 * partition (no group membership to wait for), decoding every value with the project's {@link
 * AvroDeserializer} and touching a field so the work cannot be skipped. Nothing any consumer of
 * this topic does can be cheaper. The positions are committed to the group at the end, untimed.
 */
final class PlainConsumerRun {
  /**
   * Records per poll. 500 (the default), 2,000 and 5,000 measured the same (1.9–2.1 M events/s on 2
   * cores): the poll loop is not what limits.
   */
  static final int MAX_POLL_RECORDS = 2_000;

  private static final Duration POLL_TIMEOUT = Duration.ofMillis(100);

  private PlainConsumerRun() {}

  static RunResult run(
      String bootstrapServers,
      String registryUrl,
      Topic<String, RequestEvent> topic,
      String groupId,
      List<Long> endOffsets,
      Duration limit) {
    List<Consumer<byte[], RequestEvent>> consumers = new ArrayList<>();
    try {
      for (int partition = 0; partition < endOffsets.size(); partition++) {
        consumers.add(consumer(bootstrapServers, registryUrl, groupId, topic, partition));
      }
      AtomicLong consumed = new AtomicLong();
      AtomicLong blackhole = new AtomicLong();
      AtomicReference<Throwable> failure = new AtomicReference<>();
      long[] finishedAt = new long[consumers.size()];
      List<Thread> threads = new ArrayList<>();
      Optional<MachineLoad.Sample> startLoad = MachineLoad.sample();
      long startCpu = ProcessCpu.thisProcessNanos();
      long startNanos = System.nanoTime();
      long deadline = startNanos + limit.toNanos();
      for (int partition = 0; partition < consumers.size(); partition++) {
        int p = partition;
        Consumer<byte[], RequestEvent> consumer = consumers.get(p);
        long end = endOffsets.get(p);
        Thread thread =
            new Thread(
                () -> {
                  try {
                    long sum = 0;
                    long position = 0;
                    while (position < end && System.nanoTime() < deadline) {
                      ConsumerRecords<byte[], RequestEvent> records = consumer.poll(POLL_TIMEOUT);
                      for (ConsumerRecord<byte[], RequestEvent> record : records) {
                        sum += record.value().getLatencyMicros();
                        position = record.offset() + 1;
                      }
                      consumed.addAndGet(records.count());
                    }
                    finishedAt[p] = System.nanoTime();
                    blackhole.addAndGet(sum);
                  } catch (RuntimeException e) {
                    failure.compareAndSet(null, e);
                  }
                },
                "plain-consumer-" + p);
        threads.add(thread);
        thread.start();
      }
      for (Thread thread : threads) {
        // Each thread stops by itself at its end offset or the deadline; the margin covers a poll.
        thread.join(Math.max(1, (deadline - System.nanoTime()) / 1_000_000 + 10_000));
      }
      if (failure.get() != null) {
        throw new IllegalStateException("a plain consumer failed", failure.get());
      }
      long stoppedAt = 0;
      for (long finished : finishedAt) {
        stoppedAt = Math.max(stoppedAt, finished);
      }
      long cpuNanos = ProcessCpu.thisProcessNanos() - startCpu;
      double machineBusy = MachineLoad.busyShare(startLoad, MachineLoad.sample());
      long total = endOffsets.stream().mapToLong(Long::longValue).sum();
      if (consumed.get() < total) {
        throw new IllegalStateException(
            "plain consumers read " + consumed.get() + " of " + total + " records within " + limit);
      }
      commitPositions(consumers, topic);
      return new RunResult(
          Variant.PLAIN_CONSUMER,
          total,
          consumed.get(),
          stoppedAt - startNanos,
          0,
          0,
          "",
          -1,
          cpuNanos,
          -1,
          machineBusy,
          Double.NaN);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while timing plain consumers", e);
    } finally {
      consumers.forEach(consumer -> consumer.close(CloseOptions.timeout(Duration.ofSeconds(10))));
    }
  }

  private static Consumer<byte[], RequestEvent> consumer(
      String bootstrapServers,
      String registryUrl,
      String groupId,
      Topic<String, RequestEvent> topic,
      int partition) {
    Map<String, Object> config = new HashMap<>();
    config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    config.put(ConsumerConfig.GROUP_ID_CONFIG, groupId);
    config.put(ConsumerConfig.CLIENT_ID_CONFIG, groupId + "-" + partition);
    config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    config.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, MAX_POLL_RECORDS);
    // What Kafka Streams' consumers read, so both see the same records.
    config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    // Keys left as bytes: the floor decodes only what it touches.
    KafkaConsumer<byte[], RequestEvent> consumer =
        new KafkaConsumer<>(
            config,
            new ByteArrayDeserializer(),
            topic.valueDeserializer(Map.of(SchemaRegistrySettings.URL, registryUrl)));
    TopicPartition assigned = new TopicPartition(topic.name(), partition);
    consumer.assign(List.of(assigned));
    consumer.seekToBeginning(List.of(assigned));
    return consumer;
  }

  private static void commitPositions(
      List<Consumer<byte[], RequestEvent>> consumers, Topic<String, RequestEvent> topic) {
    for (int p = 0; p < consumers.size(); p++) {
      TopicPartition partition = new TopicPartition(topic.name(), p);
      Consumer<byte[], RequestEvent> consumer = consumers.get(p);
      consumer.commitSync(
          Map.of(partition, new OffsetAndMetadata(consumer.position(partition))),
          Duration.ofSeconds(10));
    }
  }
}
