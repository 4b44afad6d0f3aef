package io.slipstream.alertmanager.bridge;

import io.slipstream.alertmanager.config.BridgeConfig;
import io.slipstream.alertmanager.delivery.AlertDelivery;
import io.slipstream.alertmanager.delivery.AlertmanagerEndpoint;
import io.slipstream.alertmanager.delivery.DeliveryResult;
import io.slipstream.alertmanager.mapping.AlertJson;
import io.slipstream.alertmanager.mapping.AlertMapper;
import io.slipstream.alertmanager.mapping.AlertmanagerAlert;
import io.slipstream.alertmanager.mapping.UnmappableAlertException;
import io.slipstream.avro.AlertState;
import io.slipstream.avro.SloAlert;
import io.slipstream.serde.WireFormatException;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.CommitFailedException;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.CooperativeStickyAssignor;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RebalanceInProgressException;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Forwards the alert topic to Alertmanager, at least once, and keeps firing alerts alive there.
 *
 * <p>Delivery: one consumer ({@code read_committed}, no auto-commit) and one thread. Each record is
 * posted to every Alertmanager before the next record of its partition, so a FIRING and its
 * RESOLVED arrive in order; its offset is committed only after every Alertmanager answered 2xx, or
 * after the record reached the dead-letter topic. 5xx, time-outs and I/O errors are retried with
 * back-off without limit (an alert is never skipped), each Alertmanager behind a circuit breaker;
 * while the bridge waits, its partitions are paused and the consumer keeps polling, so it stays in
 * the group however long Alertmanager is down. A 4xx refusal of the alert, an undecodable record,
 * or an unknown state sends the raw record to the dead-letter topic with the reason in its headers,
 * and delivery goes on.
 *
 * <p>Re-sending: Alertmanager resolves an alert whose {@code endsAt} passed, and clients are meant
 * to send firing alerts again and again. The bridge keeps the firing alerts of its partitions in
 * memory ({@link FiringAlerts}) and sends them all every {@code resendInterval} with {@code endsAt}
 * a TTL of four intervals ahead. That memory is rebuilt from the topic on every assignment ({@link
 * FiringStateLoader}) up to the committed offset; for a group without committed offsets, up to the
 * end of the partition, where delivery then starts (old transitions are not replayed as
 * notifications; the firing ones among them are re-sent).
 *
 * <p>Lifecycle: {@link #start()} runs the loop on its own thread; {@link #close()} stops it,
 * commits what was delivered and closes the clients. If the loop fails, {@link #failure()} says why
 * and {@link #awaitTermination} returns.
 */
public final class AlertmanagerBridge implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(AlertmanagerBridge.class);
  private static final Duration POLL_TIMEOUT = Duration.ofMillis(500);
  private static final Duration KEEP_ALIVE_POLL = Duration.ofMillis(200);
  private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(30);

  /** Alerts per re-send request: keeps request bodies well below proxies' limits. */
  private static final int RESEND_BATCH = 500;

  private final BridgeConfig config;
  private final Clock clock;
  private final AlertMapper mapper;
  private final AlertDelivery delivery;
  private final Deserializer<SloAlert> values;
  private final Consumer<byte[], byte[]> consumer;
  private final Producer<byte[], byte[]> deadLetterProducer;
  private final FiringStateLoader loader;
  private final FiringAlerts firing = new FiringAlerts();
  private final Map<TopicPartition, OffsetAndMetadata> delivered = new HashMap<>();
  private final Set<TopicPartition> revokedSincePoll = new HashSet<>();
  private final Thread thread;
  private final CountDownLatch terminated = new CountDownLatch(1);
  private volatile boolean closing;
  private volatile Throwable failure;
  private volatile int firingCountSnapshot;
  private volatile Set<TopicPartition> assignmentSnapshot = Set.of();
  private boolean started;
  private boolean paused;
  private Instant nextResend = Instant.MIN;

  public AlertmanagerBridge(BridgeConfig config) {
    this(config, Clock.systemUTC());
  }

  /**
   * Creates the clients; nothing is read until {@link #start()}.
   *
   * @throws org.apache.kafka.common.KafkaException if the Kafka settings are invalid
   */
  public AlertmanagerBridge(BridgeConfig config, Clock clock) {
    this.config = config;
    this.clock = clock;
    this.mapper = new AlertMapper(config.firingTtl(), config.generatorUrlTemplate());
    List<AlertmanagerEndpoint> endpoints = new ArrayList<>();
    for (URI url : config.alertmanagerUrls()) {
      endpoints.add(new AlertmanagerEndpoint(url, config.requestTimeout(), config.pause()));
    }
    this.delivery = new AlertDelivery(endpoints, config.backoff());
    this.values = config.topics().alerts().valueDeserializer(config.serdeConfig());
    this.consumer = new KafkaConsumer<>(consumerConfig(true));
    this.deadLetterProducer =
        new KafkaProducer<>(
            producerConfig(),
            config.topics().deadLetters().keySerializer(config.serdeConfig()),
            config.topics().deadLetters().valueSerializer(config.serdeConfig()));
    this.loader =
        new FiringStateLoader(
            () -> new KafkaConsumer<>(consumerConfig(false)),
            values,
            config.backoff(),
            () -> closing);
    this.thread = new Thread(this::run, "alertmanager-bridge");
  }

  private Map<String, Object> consumerConfig(boolean member) {
    Map<String, Object> settings = new HashMap<>();
    config
        .kafka()
        .forEach(
            (key, value) -> {
              if (ConsumerConfig.configNames().contains(key)) {
                settings.put(key, value);
              }
            });
    // Only committed transactions: the processor writes alerts with exactly-once transactions.
    settings.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    // Offsets are committed by hand, after Alertmanager answered: that is the at-least-once.
    settings.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    // Raw bytes: each value is decoded with the alert topic's deserializer in the loop, so a record
    // that cannot be read is dead-lettered as it arrived.
    settings.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
    settings.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
    settings.putIfAbsent(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    if (!"consumer".equalsIgnoreCase(String.valueOf(settings.get("group.protocol")))) {
      // Moving one partition between instances should not rebuild the firing state of all others.
      // (The KIP-848 "consumer" protocol assigns incrementally by itself and refuses this key.)
      settings.putIfAbsent(
          ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG,
          CooperativeStickyAssignor.class.getName());
    }
    String clientId =
        String.valueOf(settings.getOrDefault(ConsumerConfig.CLIENT_ID_CONFIG, "bridge"));
    if (!member) {
      settings.remove(ConsumerConfig.GROUP_ID_CONFIG);
      settings.remove(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG);
      settings.remove(ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG);
      settings.put(ConsumerConfig.CLIENT_ID_CONFIG, clientId + "-state-loader");
    }
    return settings;
  }

  private Map<String, Object> producerConfig() {
    Map<String, Object> settings = new HashMap<>();
    config
        .kafka()
        .forEach(
            (key, value) -> {
              if (ProducerConfig.configNames().contains(key)) {
                settings.put(key, value);
              }
            });
    // A dead letter is the only copy of an alert that left the main flow: make it durable.
    settings.put(ProducerConfig.ACKS_CONFIG, "all");
    settings.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    return settings;
  }

  /** Starts forwarding on the bridge's own thread. */
  public synchronized void start() {
    if (started) {
      throw new IllegalStateException("already started");
    }
    started = true;
    thread.start();
    LOG.info(
        "Forwarding {} to {} (dead letters to {}, firing alerts re-sent every {})",
        config.topics().alerts().name(),
        config.alertmanagerUrls(),
        config.topics().deadLetters().name(),
        config.resendInterval());
  }

  /** Waits until the loop ended (closed or failed); returns false on time-out. */
  public boolean awaitTermination(Duration timeout) throws InterruptedException {
    return terminated.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** Returns what ended the loop, if it ended by failing. */
  public Optional<Throwable> failure() {
    return Optional.ofNullable(failure);
  }

  /** Returns how many alerts are firing in this instance's partitions (for tests and metrics). */
  public int firingCount() {
    return firingCountSnapshot;
  }

  /**
   * Returns the partitions this instance owns, once their firing alerts are rebuilt (for tests and
   * health checks).
   */
  public Set<TopicPartition> assignedPartitions() {
    return assignmentSnapshot;
  }

  /**
   * Stops forwarding: the record being delivered is given up (not committed: it is delivered again
   * after a restart), what was delivered is committed, the clients are closed. Waits up to 30 s.
   * Idempotent.
   */
  @Override
  public void close() {
    boolean wasStarted;
    synchronized (this) {
      if (closing) {
        return;
      }
      closing = true;
      wasStarted = started;
    }
    if (!wasStarted) {
      closeClients();
      terminated.countDown();
      return;
    }
    consumer.wakeup();
    try {
      if (!terminated.await(CLOSE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
        LOG.error("The bridge did not stop within {}", CLOSE_TIMEOUT);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      LOG.warn("Interrupted while waiting for the bridge to stop");
    }
  }

  private void run() {
    try {
      consumer.subscribe(List.of(config.topics().alerts().name()), new Rebalance());
      while (!closing) {
        ConsumerRecords<byte[], byte[]> records = consumer.poll(POLL_TIMEOUT);
        // Cleared after the poll: what it returned is owned now, even if a rebalance inside it
        // revoked and re-assigned a partition. Revocations while a record waits count from here.
        revokedSincePoll.clear();
        for (ConsumerRecord<byte[], byte[]> record : records) {
          if (closing) {
            break;
          }
          TopicPartition partition = new TopicPartition(record.topic(), record.partition());
          if (revokedSincePoll.contains(partition)) {
            // Revoked while an earlier record waited: its new owner reads from the committed
            // offset.
            continue;
          }
          boolean done = handle(record, partition);
          resumeIfPaused();
          if (done && !revokedSincePoll.contains(partition)) {
            delivered.put(partition, new OffsetAndMetadata(record.offset() + 1));
          }
        }
        commitDelivered();
        resendIfDue();
      }
    } catch (WakeupException e) {
      if (!closing) {
        failure = e;
        LOG.error("Unexpected wakeup; the bridge stops", e);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      LOG.warn("Interrupted; the bridge stops");
    } catch (RuntimeException | Error e) {
      failure = e;
      LOG.error("The bridge failed and stops", e);
    } finally {
      commitBeforeClosing();
      closeClients();
      terminated.countDown();
    }
  }

  /**
   * Delivers or dead-letters one record. Returns true when its offset may be committed, false when
   * it was given up (shutdown, or its partition was revoked meanwhile).
   */
  private boolean handle(ConsumerRecord<byte[], byte[]> record, TopicPartition partition)
      throws InterruptedException {
    String where = partition + "@" + record.offset();
    if (record.value() == null) {
      LOG.warn("Skipping the tombstone at {}: it holds no alert", where);
      return true;
    }
    SloAlert alert;
    try {
      alert = decode(record, partition, where);
    } catch (SerializationException e) {
      return deadLetter(record, partition, DeadLetterReason.UNDECODABLE, e.getMessage(), e);
    }
    if (alert == null) {
      return false;
    }
    List<AlertmanagerAlert> alerts;
    try {
      alerts = toAlertmanager(alert, partition);
    } catch (UnmappableAlertException e) {
      return deadLetter(record, partition, DeadLetterReason.UNMAPPABLE, e.getMessage(), e);
    }
    String what =
        String.format(
            Locale.ROOT,
            "%s %s alert of SLO %s (%s)",
            alert.getState(),
            alert.getSeverity(),
            alert.getSloId(),
            where);
    // Applied before delivery, so that re-sends while this delivery waits agree with it.
    SloAlert previous = firing.apply(partition, alert);
    firingCountSnapshot = firing.size();
    DeliveryResult result =
        delivery.deliver(AlertJson.write(alerts), what, delay -> waitPolling(delay, partition));
    if (result instanceof DeliveryResult.Delivered) {
      LOG.info("Forwarded {}", what);
      return true;
    }
    if (result instanceof DeliveryResult.Rejected rejected) {
      if (alert.getState() == AlertState.FIRING) {
        firing.undo(partition, alert, previous);
        firingCountSnapshot = firing.size();
      }
      return deadLetter(
          record,
          partition,
          DeadLetterReason.ALERTMANAGER_REJECTED,
          "POST "
              + rejected.alertmanager()
              + " answered "
              + rejected.status()
              + ": "
              + rejected.body(),
          null);
    }
    return false;
  }

  /** Decodes, waiting out an unreachable registry; null when given up while waiting. */
  private SloAlert decode(
      ConsumerRecord<byte[], byte[]> record, TopicPartition partition, String where)
      throws InterruptedException {
    for (int attempt = 1; ; attempt++) {
      try {
        return values.deserialize(record.topic(), record.value());
      } catch (WireFormatException e) {
        if (!e.isRetriable()) {
          throw e;
        }
        LOG.warn("Cannot decode {} yet (attempt {}): {}", where, attempt, e.getMessage());
        if (!waitPolling(config.backoff().delay(attempt), partition)) {
          return null;
        }
      }
    }
  }

  /**
   * The alerts one transition sends. A RESOLVED whose FIRING is known keeps the FIRING's start;
   * when the SLO's labels changed in between, the alert Alertmanager has under the old labels is
   * resolved too.
   */
  private List<AlertmanagerAlert> toAlertmanager(SloAlert alert, TopicPartition partition) {
    Instant now = clock.instant();
    AlertmanagerAlert mapped = mapper.map(alert, now);
    if (alert.getState() != AlertState.RESOLVED) {
      return List.of(mapped);
    }
    SloAlert firingBefore = firing.get(partition, alert);
    if (firingBefore == null) {
      return List.of(mapped);
    }
    AlertmanagerAlert was = mapper.map(firingBefore, now);
    if (was.sameAlertAs(mapped)) {
      return List.of(
          was.startsAt().isBefore(mapped.startsAt()) ? mapped.startingAt(was.startsAt()) : mapped);
    }
    return List.of(mapped, was.endingAt(mapped.endsAt()));
  }

  private boolean deadLetter(
      ConsumerRecord<byte[], byte[]> record,
      TopicPartition partition,
      DeadLetterReason reason,
      String detail,
      Throwable cause)
      throws InterruptedException {
    String where = partition + "@" + record.offset();
    LOG.error(
        "Dead-lettering {} to {}: {}: {}",
        where,
        config.topics().deadLetters().name(),
        reason,
        detail);
    ProducerRecord<byte[], byte[]> letter =
        DeadLetters.of(config.topics().deadLetters().name(), record, reason, detail, cause);
    for (int attempt = 1; ; attempt++) {
      try {
        deadLetterProducer.send(letter).get();
        return true;
      } catch (ExecutionException | KafkaException e) {
        Throwable why = e instanceof ExecutionException ? e.getCause() : e;
        // Never dropped: the record's offset stays uncommitted until its dead letter is written.
        LOG.error(
            "Writing the dead letter of {} to {} failed (attempt {}): {}",
            where,
            config.topics().deadLetters().name(),
            attempt,
            String.valueOf(why));
      }
      if (!waitPolling(config.backoff().delay(attempt), partition)) {
        return false;
      }
    }
  }

  /**
   * Waits {@code delay} between attempts for a record of {@code partition}, polling with every
   * partition paused (so the consumer stays in its group without fetching) and re-sending firing
   * alerts when due. Returns false when the attempt should be given up: shutdown, or {@code
   * partition} was revoked.
   */
  private boolean waitPolling(Duration delay, TopicPartition partition)
      throws InterruptedException {
    if (!paused) {
      consumer.pause(consumer.assignment());
      paused = true;
    }
    long deadline = System.nanoTime() + delay.toNanos();
    while (true) {
      if (closing || revokedSincePoll.contains(partition)) {
        return false;
      }
      long remaining = deadline - System.nanoTime();
      if (remaining <= 0) {
        return true;
      }
      ConsumerRecords<byte[], byte[]> unexpected =
          consumer.poll(Duration.ofNanos(Math.min(remaining, KEEP_ALIVE_POLL.toNanos())));
      // Paused partitions return nothing; should a partition assigned meanwhile slip through,
      // rewind it so its records are read in order after this one.
      for (TopicPartition returned : unexpected.partitions()) {
        consumer.seek(returned, unexpected.records(returned).get(0).offset());
      }
      resendIfDue();
    }
  }

  private void resumeIfPaused() {
    if (paused) {
      consumer.resume(consumer.paused());
      paused = false;
    }
  }

  /** Sends every firing alert again, with a fresh endsAt, when the re-send interval has passed. */
  private void resendIfDue() throws InterruptedException {
    Instant now = clock.instant();
    if (now.isBefore(nextResend)) {
      return;
    }
    nextResend = now.plus(config.resendInterval());
    List<SloAlert> alerts = firing.all();
    if (alerts.isEmpty()) {
      return;
    }
    List<AlertmanagerAlert> batch = new ArrayList<>(Math.min(alerts.size(), RESEND_BATCH));
    for (SloAlert alert : alerts) {
      batch.add(mapper.map(alert, now));
      if (batch.size() == RESEND_BATCH) {
        delivery.sendOnce(AlertJson.write(batch), batch.size() + " firing alerts");
        batch.clear();
      }
    }
    if (!batch.isEmpty()) {
      delivery.sendOnce(AlertJson.write(batch), batch.size() + " firing alerts");
    }
    LOG.debug("Re-sent {} firing alerts", alerts.size());
  }

  private void commitDelivered() {
    delivered.keySet().retainAll(consumer.assignment());
    if (delivered.isEmpty()) {
      return;
    }
    try {
      consumer.commitSync(delivered);
      delivered.clear();
    } catch (CommitFailedException e) {
      // The group moved on without us: the new owners deliver these records again.
      LOG.warn("Could not commit {}; those records will be delivered again", delivered, e);
      delivered.clear();
    } catch (RebalanceInProgressException | TimeoutException e) {
      LOG.warn(
          "Could not commit {} yet ({}); trying again after the next poll",
          delivered,
          e.toString());
    }
  }

  private void commitBeforeClosing() {
    // A wakeup from close() that no poll consumed yet hits the first commit instead; it is
    // consumed by throwing, so the second attempt goes through.
    for (int attempt = 1; attempt <= 2; attempt++) {
      try {
        commitDelivered();
        return;
      } catch (WakeupException e) {
        LOG.debug("Wakeup while committing before closing; committing again");
      } catch (RuntimeException e) {
        LOG.warn("Committing the last delivered offsets failed; they will be delivered again", e);
        return;
      }
    }
  }

  private void closeClients() {
    closeQuietly("the consumer", () -> consumer.close(CloseOptions.timeout(CLOSE_TIMEOUT)));
    closeQuietly("the dead-letter producer", () -> deadLetterProducer.close(CLOSE_TIMEOUT));
    closeQuietly("the deserializer", values::close);
    LOG.info("The bridge stopped");
  }

  private static void closeQuietly(String what, Runnable close) {
    try {
      close.run();
    } catch (RuntimeException e) {
      LOG.warn("Closing {} failed", what, e);
    }
  }

  /** Keeps the firing state and the uncommitted offsets in step with the assignment. */
  private final class Rebalance implements ConsumerRebalanceListener {

    @Override
    public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
      if (partitions.isEmpty()) {
        return;
      }
      Map<TopicPartition, OffsetAndMetadata> leaving = new HashMap<>();
      for (TopicPartition partition : partitions) {
        OffsetAndMetadata offset = delivered.remove(partition);
        if (offset != null) {
          leaving.put(partition, offset);
        }
      }
      if (!leaving.isEmpty()) {
        // Before another member takes over: otherwise it would deliver these again.
        try {
          consumer.commitSync(leaving);
        } catch (WakeupException e) {
          throw e;
        } catch (KafkaException e) {
          LOG.warn("Could not commit {} on revocation; they will be delivered again", leaving, e);
        }
      }
      forget(partitions);
      LOG.info("Revoked {}", partitions);
    }

    @Override
    public void onPartitionsLost(Collection<TopicPartition> partitions) {
      partitions.forEach(delivered::remove);
      forget(partitions);
      LOG.warn("Lost {}; their records are delivered again by their new owner", partitions);
    }

    private void forget(Collection<TopicPartition> partitions) {
      firing.drop(partitions);
      firingCountSnapshot = firing.size();
      revokedSincePoll.addAll(partitions);
      Set<TopicPartition> remaining = new HashSet<>(consumer.assignment());
      remaining.removeAll(partitions);
      assignmentSnapshot = Set.copyOf(remaining);
    }

    @Override
    public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
      if (partitions.isEmpty()) {
        return;
      }
      Set<TopicPartition> assigned = new HashSet<>(partitions);
      Map<TopicPartition, OffsetAndMetadata> committed = consumer.committed(assigned);
      Map<TopicPartition, Long> ends = consumer.endOffsets(assigned);
      Map<TopicPartition, Long> upTo = new HashMap<>();
      for (TopicPartition partition : assigned) {
        OffsetAndMetadata offset = committed.get(partition);
        if (offset != null) {
          upTo.put(partition, offset.offset());
        } else {
          long end = ends.getOrDefault(partition, 0L);
          upTo.put(partition, end);
          consumer.seek(partition, end);
        }
      }
      int read;
      try {
        read = loader.load(upTo, firing);
      } catch (InterruptedException e) {
        // The next poll sees the flag and ends the loop.
        Thread.currentThread().interrupt();
        return;
      }
      firingCountSnapshot = firing.size();
      assignmentSnapshot = Set.copyOf(consumer.assignment());
      if (paused) {
        consumer.pause(partitions);
      }
      // Whatever was firing in these partitions reaches Alertmanager now, not in a minute.
      nextResend = Instant.MIN;
      for (TopicPartition partition : assigned) {
        LOG.info(
            "Assigned {}: delivering from offset {}, {} alerts firing",
            partition,
            upTo.get(partition),
            firing.count(partition));
      }
      LOG.debug("Read {} records to rebuild the firing alerts", read);
    }
  }
}
