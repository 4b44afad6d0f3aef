package io.slipstream.ingest.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.slipstream.avro.RequestEvent;
import io.slipstream.ingest.IngestTopics;
import io.slipstream.ingest.spool.SpoolOptions;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SlipstreamPublisherTest {

  private static final Duration WAIT = Duration.ofSeconds(10);

  @TempDir Path spoolDir;

  @Test
  void shouldSendEventsKeyedByServiceInTheOrderTheyWereRecorded() {
    MockProducer<String, SpecificRecord> producer = mockProducer(true);
    try (SlipstreamPublisher publisher = publisher(producer).build()) {
      for (int i = 0; i < 100; i++) {
        assertThat(publisher.record("op-" + i, 200, Duration.ofMillis(3))).isTrue();
      }
      await("all 100 events acknowledged")
          .atMost(WAIT)
          .until(() -> publisher.metrics().sent() == 100);
      assertThat(producer.history())
          .allSatisfy(
              record -> {
                assertThat(record.key()).isEqualTo("checkout");
                assertThat(record.topic()).isEqualTo(IngestTopics.REQUEST_EVENTS);
              });
      assertThat(operations(producer.history())).containsExactlyElementsOf(ops(0, 100));
      assertThat(publisher.metrics().spooled()).isZero();
      assertThat(publisher.metrics().dropped()).isZero();
    }
  }

  @Test
  void shouldSpoolWhileKafkaDoesNotAcknowledgeAndReplayInOrderWhenItDoes() {
    MockProducer<String, SpecificRecord> producer = mockProducer(false);
    try (SlipstreamPublisher publisher =
        publisher(producer).ackTimeout(Duration.ofMillis(100)).build()) {
      for (int i = 0; i < 20; i++) {
        publisher.record("op-" + i, 200, Duration.ofMillis(1));
      }
      await("the breaker opens on unacknowledged events")
          .atMost(WAIT)
          .until(() -> publisher.circuitState() == CircuitBreaker.State.OPEN);
      for (int i = 20; i < 50; i++) {
        publisher.record("op-" + i, 200, Duration.ofMillis(1));
      }
      // Each later event is spooled, or sent as a half-open probe and left pending (a spooled
      // event replayed as a probe counts in both: hence at least).
      await("the later events are spooled or pending")
          .atMost(WAIT)
          .until(() -> publisher.metrics().spooled() + historySize(producer) >= 50);
      assertThat(publisher.metrics().spooled()).isPositive();

      // Kafka is back: acknowledge whatever the producer holds, as long as it takes.
      await("every event acknowledged")
          .atMost(WAIT)
          .until(
              () -> {
                while (producer.completeNext()) {
                  // acknowledge all sent so far
                }
                return publisher.metrics().sent() + publisher.metrics().replayed() == 50;
              });

      assertThat(operations(producer.history())).containsExactlyElementsOf(ops(0, 50));
      assertThat(publisher.metrics().replayed()).isEqualTo(publisher.metrics().spooled());
      assertThat(publisher.metrics().sent()).isEqualTo(50 - publisher.metrics().spooled());
      assertThat(publisher.metrics().dropped()).isZero();
      await("the spool is empty again")
          .atMost(WAIT)
          .until(() -> publisher.metrics().spoolBacklogBytes() == 0);
    }
  }

  @Test
  void shouldSpoolWhenSendFailsForLackOfKafkaAndReplayWhenItSucceedsAgain() {
    MockProducer<String, SpecificRecord> producer = mockProducer(true);
    synchronized (producer) {
      producer.sendException = new TimeoutException("metadata not available");
    }
    try (SlipstreamPublisher publisher = publisher(producer).build()) {
      for (int i = 0; i < 40; i++) {
        publisher.record("op-" + i, 200, Duration.ofMillis(1));
      }
      await("all spooled").atMost(WAIT).until(() -> publisher.metrics().spooled() == 40);
      await("the breaker opens as replay attempts keep failing")
          .atMost(WAIT)
          .until(() -> publisher.circuitState() != CircuitBreaker.State.CLOSED);

      synchronized (producer) {
        producer.sendException = null;
      }
      await("all replayed").atMost(WAIT).until(() -> publisher.metrics().replayed() == 40);
      assertThat(operations(producer.history())).containsExactlyElementsOf(ops(0, 40));
      await("closed again")
          .atMost(WAIT)
          .until(() -> publisher.circuitState() == CircuitBreaker.State.CLOSED);
      publisher.record("op-40", 200, Duration.ofMillis(1));
      await("a new event goes straight out")
          .atMost(WAIT)
          .until(() -> publisher.metrics().sent() == 1);
    }
  }

  @Test
  void shouldKeepSpooledEventsForTheNextPublisherOnTheSameDirectory() {
    MockProducer<String, SpecificRecord> down = mockProducer(true);
    down.sendException = new TimeoutException("metadata not available");
    try (SlipstreamPublisher publisher = publisher(down).build()) {
      for (int i = 0; i < 10; i++) {
        publisher.record("op-" + i, 200, Duration.ofMillis(1));
      }
      await("all spooled").atMost(WAIT).until(() -> publisher.metrics().spooled() == 10);
    }

    MockProducer<String, SpecificRecord> up = mockProducer(true);
    try (SlipstreamPublisher next = publisher(up).build()) {
      await("replayed by the next publisher")
          .atMost(WAIT)
          .until(() -> next.metrics().replayed() == 10);
      assertThat(operations(up.history())).containsExactlyElementsOf(ops(0, 10));
    }
  }

  @Test
  void shouldSpoolWhatKafkaHasNotAcknowledgedAtCloseAndReplayItNextTime() {
    MockProducer<String, SpecificRecord> silent = mockProducer(false);
    SlipstreamPublisher publisher = publisher(silent).build();
    for (int i = 0; i < 10; i++) {
      publisher.record("op-" + i, 200, Duration.ofMillis(1));
    }
    await("all handed to the producer").atMost(WAIT).until(() -> historySize(silent) == 10);
    publisher.close(Duration.ofMillis(200));
    assertThat(publisher.metrics().spooled()).isEqualTo(10);
    assertThat(publisher.metrics().dropped()).isZero();

    MockProducer<String, SpecificRecord> up = mockProducer(true);
    try (SlipstreamPublisher next = publisher(up).build()) {
      await("replayed").atMost(WAIT).until(() -> next.metrics().replayed() == 10);
      assertThat(operations(up.history())).containsExactlyElementsOf(ops(0, 10));
    }
  }

  @Test
  void shouldLeaveReplayedButUnacknowledgedEventsInTheSpoolAtClose() {
    MockProducer<String, SpecificRecord> down = mockProducer(true);
    down.sendException = new TimeoutException("metadata not available");
    try (SlipstreamPublisher publisher = publisher(down).build()) {
      for (int i = 0; i < 5; i++) {
        publisher.record("op-" + i, 200, Duration.ofMillis(1));
      }
      await("all spooled").atMost(WAIT).until(() -> publisher.metrics().spooled() == 5);
    }
    MockProducer<String, SpecificRecord> silent = mockProducer(false);
    SlipstreamPublisher replaying = publisher(silent).build();
    await("replay started").atMost(WAIT).until(() -> historySize(silent) == 5);
    replaying.close(Duration.ofMillis(100));
    assertThat(replaying.metrics().dropped()).isZero();

    MockProducer<String, SpecificRecord> up = mockProducer(true);
    try (SlipstreamPublisher next = publisher(up).build()) {
      await("replayed again").atMost(WAIT).until(() -> next.metrics().replayed() == 5);
      assertThat(operations(up.history())).containsExactlyElementsOf(ops(0, 5));
    }
  }

  @Test
  void shouldDropAndCountWhenTheSpoolIsFull() {
    MockProducer<String, SpecificRecord> producer = mockProducer(true);
    producer.sendException = new TimeoutException("metadata not available");
    try (SlipstreamPublisher publisher =
        publisher(producer).spoolOptions(SpoolOptions.defaults().withCapBytes(2_000)).build()) {
      for (int i = 0; i < 100; i++) {
        publisher.record("op-" + i, 200, Duration.ofMillis(1));
      }
      await("every event spooled or dropped")
          .atMost(WAIT)
          .until(
              () -> publisher.metrics().spooled() + publisher.metrics().droppedSpoolFull() == 100);
      assertThat(publisher.metrics().spooled()).isBetween(1L, 99L);
      assertThat(publisher.metrics().droppedSpoolFull()).isPositive();
      assertThat(publisher.metrics().spoolBacklogBytes()).isLessThanOrEqualTo(2_000);
    }
  }

  @Test
  void shouldNeverBlockTheCallerAndCountWhatTheFullQueueDrops() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    MockProducer<String, SpecificRecord> stuck = new BlockingMockProducer(release);
    try (SlipstreamPublisher publisher = publisher(stuck).queueCapacity(5).build()) {
      // Load and initialise the event classes first: the first event pays for class loading.
      publisher.request("warm-up").statusCode(200).build();
      long slowestNanos = 0;
      int accepted = 0;
      for (int i = 0; i < 200; i++) {
        long start = System.nanoTime();
        if (publisher.record("op-" + i, 200, Duration.ofMillis(1))) {
          accepted++;
        }
        slowestNanos = Math.max(slowestNanos, System.nanoTime() - start);
      }
      assertThat(TimeUnit.NANOSECONDS.toMillis(slowestNanos)).isLessThan(100);
      assertThat(accepted).isBetween(5, 6);
      assertThat(publisher.metrics().droppedQueueFull()).isEqualTo(200 - accepted);
      release.countDown();
      int expected = accepted;
      await("the accepted events go out")
          .atMost(WAIT)
          .until(() -> publisher.metrics().sent() == expected);
    }
  }

  @Test
  void shouldCountEventsRecordedAfterClose() {
    SlipstreamPublisher publisher = publisher(mockProducer(true)).build();
    publisher.close();
    assertThat(publisher.record("late", 200, Duration.ZERO)).isFalse();
    assertThat(publisher.metrics().droppedClosed()).isEqualTo(1);
    publisher.close(); // idempotent
  }

  @Test
  void shouldForceIdempotenceAcksAllAndAnUnboundedDeliveryTimeout() {
    SlipstreamPublisher.ProducerSettings settings =
        SlipstreamPublisher.builder()
            .service("checkout")
            .bootstrapServers("127.0.0.1:9")
            .schemaRegistryUrl("http://127.0.0.1:8081")
            .kafkaProperty(ProducerConfig.ACKS_CONFIG, "0")
            .kafkaProperty(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, false)
            .kafkaProperty(ProducerConfig.COMPRESSION_TYPE_CONFIG, "zstd")
            .producerConfig();

    assertThat(settings.producer())
        .containsEntry(ProducerConfig.ACKS_CONFIG, "all")
        .containsEntry(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true)
        .containsEntry(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, Integer.MAX_VALUE)
        .containsEntry(ProducerConfig.COMPRESSION_TYPE_CONFIG, "zstd")
        .containsEntry(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:9");
    assertThat(settings.serializer()).containsEntry("schema.registry.url", "http://127.0.0.1:8081");
  }

  private SlipstreamPublisher.Builder publisher(MockProducer<String, SpecificRecord> producer) {
    return SlipstreamPublisher.builder()
        .service("checkout")
        .bootstrapServers("127.0.0.1:9")
        .spoolDirectory(spoolDir)
        .circuitBreakerConfig(
            CircuitBreakerConfig.from(SlipstreamPublisher.Builder.defaultCircuitBreakerConfig())
                .waitDurationInOpenState(Duration.ofMillis(100))
                .build())
        .producerFactory(settings -> producer);
  }

  private static int historySize(MockProducer<String, SpecificRecord> producer) {
    synchronized (producer) {
      return producer.history().size();
    }
  }

  static MockProducer<String, SpecificRecord> mockProducer(boolean autoComplete) {
    return new MockProducer<>(
        autoComplete, null, new StringSerializer(), (topic, value) -> new byte[0]);
  }

  static List<String> operations(List<ProducerRecord<String, SpecificRecord>> records) {
    return records.stream().map(r -> ((RequestEvent) r.value()).getOperation()).toList();
  }

  static List<String> ops(int from, int to) {
    return java.util.stream.IntStream.range(from, to).mapToObj(i -> "op-" + i).toList();
  }

  /** A producer whose send blocks until released, like one waiting for metadata. */
  private static final class BlockingMockProducer extends MockProducer<String, SpecificRecord> {
    private final CountDownLatch release;

    BlockingMockProducer(CountDownLatch release) {
      super(true, null, new StringSerializer(), (topic, value) -> new byte[0]);
      this.release = release;
    }

    @Override
    public Future<RecordMetadata> send(
        ProducerRecord<String, SpecificRecord> record, Callback callback) {
      try {
        release.await(WAIT.toMillis(), TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      return super.send(record, callback);
    }
  }
}
