package io.slipstream.processor.reliability;

import io.slipstream.avro.RequestEvent;
import io.slipstream.avro.ResourceSample;
import io.slipstream.contracts.Topics;
import io.slipstream.serde.AvroSerializer;
import io.slipstream.serde.SchemaRegistrySettings;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.avro.generic.IndexedRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Both input topics fed continuously, as live services feed them: request events and resource
 * samples merged in event-time order, keyed by service, sent from a thread of its own at a steady
 * pace so that the whole stream takes a given wall time. One idempotent producer with {@code
 * acks=all}: whatever a fault does to the cluster, every record is either acknowledged once or
 * reported as failed ({@link #awaitAcknowledged} then throws), so a miscount downstream is never
 * the load's.
 */
final class SteadyLoad implements AutoCloseable {
  private record Send(String topic, String key, long eventTime, IndexedRecord value) {}

  private final List<Send> sends;
  private final long intervalNanos;
  private final KafkaProducer<String, IndexedRecord> producer;
  private final Thread thread;
  private final AtomicLong sent = new AtomicLong();
  private final AtomicLong acknowledged = new AtomicLong();
  private final AtomicLong longestAckNanos = new AtomicLong();
  private final AtomicReference<Exception> failure = new AtomicReference<>();
  private volatile boolean stopped;

  private SteadyLoad(
      List<Send> sends, Duration duration, KafkaProducer<String, IndexedRecord> producer) {
    this.sends = sends;
    this.intervalNanos = duration.toNanos() / Math.max(1, sends.size());
    this.producer = producer;
    this.thread = new Thread(this::run, "steady-load");
    thread.setDaemon(true);
  }

  /** Starts sending {@code events} and {@code samples} over {@code duration}; returns at once. */
  static SteadyLoad start(
      String bootstrapServers,
      String registryUrl,
      Topics topics,
      List<RequestEvent> events,
      List<ResourceSample> samples,
      Duration duration) {
    List<Send> sends = new ArrayList<>();
    for (RequestEvent event : events) {
      sends.add(
          new Send(
              topics.requestEvents().name(),
              event.getService(),
              event.getTimestamp().toEpochMilli(),
              event));
    }
    for (ResourceSample sample : samples) {
      sends.add(
          new Send(
              topics.resourceSamples().name(),
              sample.getService(),
              sample.getTimestamp().toEpochMilli(),
              sample));
    }
    // Stable: events of one instant keep their order.
    sends.sort(Comparator.comparingLong(Send::eventTime));
    Properties props = new Properties();
    props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    props.put(ProducerConfig.ACKS_CONFIG, "all");
    props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
    props.put(ProducerConfig.LINGER_MS_CONFIG, "5");
    AvroSerializer<IndexedRecord> serializer = new AvroSerializer<>();
    serializer.configure(Map.of(SchemaRegistrySettings.URL, registryUrl), false);
    SteadyLoad load =
        new SteadyLoad(
            sends, duration, new KafkaProducer<>(props, new StringSerializer(), serializer));
    load.thread.start();
    return load;
  }

  /** Records in the whole stream. */
  int total() {
    return sends.size();
  }

  /** Records handed to the producer so far. */
  long sent() {
    return sent.get();
  }

  /** The longest a record waited from {@code send} to its acknowledgement. */
  Duration longestAcknowledgementWait() {
    return Duration.ofNanos(longestAckNanos.get());
  }

  /**
   * Waits until {@code count} records have been handed to the producer.
   *
   * @throws IllegalStateException if that takes longer than {@code limit}, or a send failed
   */
  void awaitSent(long count, Duration limit) throws InterruptedException {
    long deadline = System.nanoTime() + limit.toNanos();
    while (sent.get() < count) {
      throwIfFailed();
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException(
            "only " + sent.get() + " of " + count + " records sent within " + limit);
      }
      TimeUnit.MILLISECONDS.sleep(10); // polling the sending thread's progress
    }
  }

  /**
   * Waits until every record of the stream has been sent and acknowledged.
   *
   * @throws IllegalStateException if a send failed, or not all are acknowledged within {@code
   *     limit}
   */
  void awaitAcknowledged(Duration limit) throws InterruptedException {
    thread.join(limit.toMillis());
    producer.flush();
    throwIfFailed();
    if (acknowledged.get() != sends.size()) {
      throw new IllegalStateException(
          acknowledged.get() + " of " + sends.size() + " records acknowledged within " + limit);
    }
  }

  private void throwIfFailed() {
    if (failure.get() != null) {
      throw new IllegalStateException("the load could not deliver a record", failure.get());
    }
  }

  private void run() {
    long startNanos = System.nanoTime();
    for (int i = 0; i < sends.size() && !stopped; i++) {
      long due = startNanos + i * intervalNanos;
      long wait = due - System.nanoTime();
      if (wait > 1_000_000) {
        try {
          TimeUnit.NANOSECONDS.sleep(wait); // pacing the stream, not waiting for a condition
        } catch (InterruptedException e) {
          return;
        }
      }
      Send send = sends.get(i);
      long sentAt = System.nanoTime();
      producer.send(
          new ProducerRecord<>(send.topic(), send.key(), send.value()),
          (metadata, exception) -> {
            if (exception != null) {
              failure.compareAndSet(null, exception);
            } else {
              acknowledged.incrementAndGet();
              longestAckNanos.accumulateAndGet(System.nanoTime() - sentAt, Math::max);
            }
          });
      sent.incrementAndGet();
    }
  }

  /** Stops sending and closes the producer, waiting up to 10 s for records in flight. */
  @Override
  public void close() {
    stopped = true;
    thread.interrupt();
    try {
      thread.join(10_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    producer.close(Duration.ofSeconds(10));
  }
}
