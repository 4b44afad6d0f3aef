package io.slipstream.processor.reliability;

import io.slipstream.avro.BurnRateEvaluation;
import io.slipstream.contracts.Topic;
import io.slipstream.contracts.Topics;
import io.slipstream.serde.SchemaRegistrySettings;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.InterruptException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * A downstream consumer of {@code slo-burn-rates} as an alerting system runs one: {@code
 * read_committed}, from the beginning, in a thread of its own, noting the wall-clock time at which
 * each evaluation became visible to it. A pause in what it sees is a pause in evaluations as the
 * outside world knows them: processing stopped, or commits held back, or the topic unreadable.
 */
final class EvaluationWatch implements AutoCloseable {

  /** An evaluation and when this consumer received it (epoch ms). */
  record Seen(BurnRateEvaluation evaluation, long seenAt) {}

  /**
   * The pauses between consecutive evaluations of an SLO, by the time they were seen.
   *
   * @param evaluations how many were judged
   * @param longestMillis the longest pause
   * @param longestStartedAt when it began (epoch ms)
   * @param spanning the pause that contains a given instant (0 if none does)
   */
  record Gaps(int evaluations, long longestMillis, long longestStartedAt, long spanning) {}

  private final KafkaConsumer<byte[], BurnRateEvaluation> consumer;
  private final Thread thread;
  private final List<Seen> seen = new ArrayList<>();
  private volatile boolean stopped;

  private EvaluationWatch(KafkaConsumer<byte[], BurnRateEvaluation> consumer) {
    this.consumer = consumer;
    this.thread = new Thread(this::run, "evaluation-watch");
    thread.setDaemon(true);
  }

  /** Starts watching the pipeline's {@code slo-burn-rates} topic; returns at once. */
  static EvaluationWatch start(String bootstrapServers, String registryUrl, Topics topics) {
    Topic<String, BurnRateEvaluation> burnRates = topics.sloBurnRates();
    Properties props = new Properties();
    props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    KafkaConsumer<byte[], BurnRateEvaluation> consumer =
        new KafkaConsumer<>(
            props,
            new ByteArrayDeserializer(),
            burnRates.valueDeserializer(Map.of(SchemaRegistrySettings.URL, registryUrl)));
    List<TopicPartition> partitions =
        consumer.partitionsFor(burnRates.name()).stream()
            .map(p -> new TopicPartition(burnRates.name(), p.partition()))
            .toList();
    consumer.assign(partitions);
    consumer.seekToBeginning(partitions);
    EvaluationWatch watch = new EvaluationWatch(consumer);
    watch.thread.start();
    return watch;
  }

  private void run() {
    try {
      while (!stopped) {
        for (ConsumerRecord<byte[], BurnRateEvaluation> record :
            consumer.poll(Duration.ofMillis(100))) {
          long now = System.currentTimeMillis();
          synchronized (seen) {
            seen.add(new Seen(record.value(), now));
          }
        }
      }
    } catch (WakeupException | InterruptException e) {
      // close() ends the watch.
    } finally {
      consumer.close();
    }
  }

  /** Everything seen so far, in the order received. */
  List<Seen> seen() {
    synchronized (seen) {
      return List.copyOf(seen);
    }
  }

  /**
   * The pauses between the evaluations of {@code sloId} seen so far whose evaluation time is at
   * most {@code lastEventTime} (those the events determine), and the pause spanning {@code
   * instant}.
   */
  Gaps gaps(String sloId, long lastEventTime, long instant) {
    List<Long> times =
        seen().stream()
            .filter(s -> s.evaluation().getSloId().equals(sloId))
            .filter(s -> s.evaluation().getEvaluatedAt().toEpochMilli() <= lastEventTime)
            .map(Seen::seenAt)
            .toList();
    long longest = 0;
    long longestStart = 0;
    long spanning = 0;
    for (int i = 1; i < times.size(); i++) {
      long gap = times.get(i) - times.get(i - 1);
      if (gap > longest) {
        longest = gap;
        longestStart = times.get(i - 1);
      }
      if (times.get(i - 1) <= instant && instant < times.get(i)) {
        spanning = gap;
      }
    }
    return new Gaps(times.size(), longest, longestStart, spanning);
  }

  /** Stops watching and closes the consumer, waiting up to 10 s for it. */
  @Override
  public void close() {
    stopped = true;
    consumer.wakeup();
    try {
      thread.join(10_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
