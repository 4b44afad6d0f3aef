package io.slipstream.localrun;

import io.slipstream.avro.BurnRateEvaluation;
import io.slipstream.avro.SloAlert;
import io.slipstream.contracts.Topic;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows {@code slo-alerts} and {@code slo-burn-rates} and prints to the console: every alert
 * transition at once, and every summary interval the latest evaluation of each SLO.
 *
 * <p>It reads from the end the topics had when it was created (without a consumer group: nothing to
 * commit), {@code read_committed} like any consumer of the processor's exactly-once output.
 */
final class ConsoleReporter implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(ConsoleReporter.class);
  private static final Duration POLL = Duration.ofMillis(200);

  private static final String DEAD_LETTER_REASON = io.slipstream.contracts.DeadLetterHeaders.REASON;
  private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(10);

  private final KafkaConsumer<String, byte[]> consumer;
  private final Deserializer<SloAlert> alertDeserializer;
  private final Deserializer<BurnRateEvaluation> evaluationDeserializer;
  private final String alertTopic;
  private final String burnRateTopic;
  private final List<String> deadLetterTopics;

  /** Records dead-lettered since the console started, by reason. */
  private final Map<String, Long> deadLetters = new java.util.concurrent.ConcurrentSkipListMap<>();

  private final PrintStream out;
  private final Instant simulatedStart;
  private final ShownAlerts shown;
  private final Duration summaryInterval;
  private final Supplier<ConsoleFormat.LoadStatus> status;
  private final Map<String, BurnRateEvaluation> latest = new TreeMap<>();
  private final List<SloAlert> alerts = new CopyOnWriteArrayList<>();
  private final Thread thread;
  private volatile boolean running = true;

  /**
   * Subscribes at the topics' current end; {@link #start()} begins printing.
   *
   * @param bootstrapServers the cluster
   * @param kafkaProperties further consumer settings (security)
   * @param serdeConfig the deserializers' settings ({@code schema.registry.url}, credentials)
   * @param alertTopic {@code slo-alerts}, whose deserializer reads the alerts
   * @param burnRateTopic {@code slo-burn-rates}, whose deserializer reads the evaluations
   * @param deadLetterTopics the input topics' dead-letter topics: the summary counts what reaches
   *     them, by reason, whenever that is not zero
   * @param out the console
   * @param simulatedStart the simulated instant the load started at, for {@code T+...} times
   * @param summaryInterval wall time between two summaries (zero: none)
   * @param status how far the load has got, for the first line of a summary
   */
  ConsoleReporter(
      String bootstrapServers,
      Map<String, String> kafkaProperties,
      Map<String, ?> serdeConfig,
      Topic<String, SloAlert> alertTopic,
      Topic<String, BurnRateEvaluation> burnRateTopic,
      List<Topic<byte[], byte[]>> deadLetterTopics,
      PrintStream out,
      Instant simulatedStart,
      Duration summaryInterval,
      Supplier<ConsoleFormat.LoadStatus> status) {
    this.alertTopic = alertTopic.name();
    this.burnRateTopic = burnRateTopic.name();
    this.deadLetterTopics = deadLetterTopics.stream().map(Topic::name).toList();
    this.out = out;
    this.simulatedStart = simulatedStart;
    this.shown = new ShownAlerts(simulatedStart);
    this.summaryInterval = summaryInterval;
    this.status = status;
    this.alertDeserializer = alertTopic.valueDeserializer(serdeConfig);
    this.evaluationDeserializer = burnRateTopic.valueDeserializer(serdeConfig);
    Map<String, Object> config = new HashMap<>(kafkaProperties);
    config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    config.remove(ConsumerConfig.GROUP_ID_CONFIG);
    config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    config.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false);
    // The processor writes in transactions: show only what it committed.
    config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    config.put(ConsumerConfig.CLIENT_ID_CONFIG, "slipstream-local-run-console");
    // One consumer for topics of different value types: values stay bytes here and are decoded
    // by their topic's deserializer as they are shown.
    this.consumer =
        new KafkaConsumer<>(config, new StringDeserializer(), new ByteArrayDeserializer());
    List<TopicPartition> partitions = new ArrayList<>();
    List<String> followed = new ArrayList<>(List.of(this.alertTopic, this.burnRateTopic));
    followed.addAll(this.deadLetterTopics);
    for (String topic : followed) {
      for (PartitionInfo partition : consumer.partitionsFor(topic, CLOSE_TIMEOUT)) {
        partitions.add(new TopicPartition(topic, partition.partition()));
      }
    }
    consumer.assign(partitions);
    consumer.seekToEnd(partitions);
    // seekToEnd is lazy: fix the positions now, before the processor writes anything.
    partitions.forEach(partition -> consumer.position(partition, CLOSE_TIMEOUT));
    this.thread = new Thread(this::follow, "local-run-console");
  }

  /** Starts printing. */
  void start() {
    thread.start();
  }

  /** Every alert transition seen so far, in order, the history's (not printed) included. */
  List<SloAlert> alerts() {
    return List.copyOf(alerts);
  }

  private void follow() {
    long nextSummary = System.nanoTime() + summaryInterval.toNanos();
    try {
      while (running) {
        for (ConsumerRecord<String, byte[]> record : consumer.poll(POLL)) {
          handle(record);
        }
        if (!summaryInterval.isZero() && System.nanoTime() >= nextSummary) {
          printSummary();
          nextSummary = System.nanoTime() + summaryInterval.toNanos();
        }
      }
    } catch (WakeupException e) {
      if (running) {
        throw e;
      }
    } catch (RuntimeException e) {
      LOG.error("the console stopped following {} and {}", alertTopic, burnRateTopic, e);
    }
  }

  /** Records dead-lettered since the console started, by reason. */
  Map<String, Long> deadLetters() {
    return Map.copyOf(deadLetters);
  }

  private void handle(ConsumerRecord<String, byte[]> record) {
    try {
      if (deadLetterTopics.contains(record.topic())) {
        org.apache.kafka.common.header.Header reason =
            record.headers().lastHeader(DEAD_LETTER_REASON);
        deadLetters.merge(
            reason == null
                ? "unknown"
                : new String(reason.value(), java.nio.charset.StandardCharsets.UTF_8),
            1L,
            Long::sum);
      } else if (record.topic().equals(alertTopic)) {
        SloAlert alert = alertDeserializer.deserialize(record.topic(), record.value());
        if (alert != null) {
          alerts.add(alert);
          if (shown.show(alert)) {
            print(ConsoleFormat.alert(alert, simulatedStart));
          }
        }
      } else {
        BurnRateEvaluation evaluation =
            evaluationDeserializer.deserialize(record.topic(), record.value());
        if (evaluation != null) {
          // An instance of a grouped SLO has a line of its own.
          latest.put(
              evaluation.getGroupKey().isEmpty()
                  ? evaluation.getSloId()
                  : evaluation.getSloId() + "{" + evaluation.getGroupKey() + "}",
              evaluation);
        }
      }
    } catch (RuntimeException e) {
      // The console is a viewer: one record it cannot read is logged, not fatal.
      LOG.warn(
          "cannot show {}-{}@{}: {}", record.topic(), record.partition(), record.offset(), e, e);
    }
  }

  /** One line naming what was dead-lettered, or empty while nothing was. */
  private String deadLetterLine() {
    long total = deadLetters.values().stream().mapToLong(Long::longValue).sum();
    if (total == 0) {
      return "";
    }
    return System.lineSeparator()
        + String.format("  dead letters: %,d %s in %s", total, deadLetters, deadLetterTopics);
  }

  private void printSummary() {
    if (latest.isEmpty()) {
      print(status.get().withTime() + "  (no SLO evaluated yet)" + deadLetterLine());
      return;
    }
    Instant evaluatedAt =
        latest.values().stream()
            .map(BurnRateEvaluation::getEvaluatedAt)
            .max(Instant::compareTo)
            .orElse(simulatedStart);
    if (evaluatedAt.isBefore(simulatedStart)) {
      print(
          "catching up on the history: evaluated up to "
              + ConsoleFormat.simulated(evaluatedAt, simulatedStart)
              + "; "
              + status.get().withTime()
              + deadLetterLine());
      return;
    }
    StringBuilder lines = new StringBuilder();
    lines
        .append(ConsoleFormat.simulated(evaluatedAt, simulatedStart))
        .append("  ")
        .append(status.get().counts());
    for (BurnRateEvaluation evaluation : latest.values()) {
      lines.append(System.lineSeparator()).append(ConsoleFormat.summary(evaluation));
    }
    lines.append(deadLetterLine());
    print(lines.toString());
  }

  private void print(String text) {
    synchronized (out) {
      out.println(text);
      out.flush();
    }
  }

  /** Stops following and closes the consumer (up to 10 s). Idempotent. */
  @Override
  public void close() {
    running = false;
    consumer.wakeup();
    if (thread.isAlive() || thread.getState() != Thread.State.NEW) {
      try {
        thread.join(CLOSE_TIMEOUT.toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    if (thread.isAlive()) {
      LOG.error("the console thread did not stop within {}", CLOSE_TIMEOUT);
      return;
    }
    try {
      consumer.close();
    } catch (IllegalStateException e) {
      LOG.debug("console consumer already closed", e);
    }
    alertDeserializer.close();
    evaluationDeserializer.close();
  }
}
