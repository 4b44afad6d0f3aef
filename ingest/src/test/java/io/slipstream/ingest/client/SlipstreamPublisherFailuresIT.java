package io.slipstream.ingest.client;

import static io.slipstream.ingest.client.PublishedEvents.assertExactlyOnceInOrderPerService;
import static io.slipstream.ingest.client.PublishedEvents.event;
import static io.slipstream.ingest.client.PublishedEvents.operations;
import static io.slipstream.ingest.client.PublishedEvents.ops;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.slipstream.avro.RequestEvent;
import io.slipstream.ingest.IngestTopics;
import io.slipstream.ingest.TopicReader;
import io.slipstream.ingest.spool.SpoolOptions;
import io.slipstream.localstack.EmbeddedKafkaBroker;
import io.slipstream.localstack.LocalStack;
import io.slipstream.localstack.LocalStackExtension;
import io.slipstream.localstack.TestResources;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.config.TopicConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The publisher when Kafka is down, stalls or refuses events, against a real broker of this class's
 * own: tests stop and restart it, which would break other tests on the shared stack's broker. The
 * schema registry is the shared stack's. Topic auto-creation is off, so every topic is created (and
 * configured) by the test that uses it.
 *
 * <p>How the failures come about: "Kafka down" is the broker stopped. A producer without the
 * topic's metadata then fails {@code send} after {@code max.block.ms} ("send fails for lack of
 * Kafka"); one that has it takes the events and gets no acknowledgement ("Kafka stalls"). "Kafka
 * refuses an event" is a record larger than the topic's {@code max.message.bytes}.
 */
@Tag("integration")
@ExtendWith(LocalStackExtension.class)
class SlipstreamPublisherFailuresIT {

  private static final Duration WAIT = Duration.ofSeconds(30);

  /**
   * Set to {@code none} by the tests of a stalled Kafka: the producer then keeps the topic's
   * metadata while no broker answers, instead of starting over from the bootstrap servers (and
   * forgetting it) at a moment of its choosing, so it deterministically keeps taking events and
   * waiting for their acknowledgement, as it does when a broker is alive but does not answer.
   */
  private static final String METADATA_RECOVERY =
      CommonClientConfigs.METADATA_RECOVERY_STRATEGY_CONFIG;

  private static EmbeddedKafkaBroker broker;

  @TempDir Path spoolDir;

  private String registryUrl;
  private IngestTopics topics;

  @BeforeAll
  static void startBroker() {
    broker = EmbeddedKafkaBroker.builder().autoCreateTopics(false).start();
  }

  @AfterAll
  static void closeBroker() {
    if (broker != null) {
      broker.close();
    }
  }

  @BeforeEach
  void setUp(LocalStack stack, TestResources resources) {
    registryUrl = stack.schemaRegistryUrl();
    topics =
        IngestTopics.named(resources.topic("request-events"), resources.topic("resource-samples"));
  }

  @AfterEach
  void restartBrokerIfStopped() {
    if (!broker.isRunning()) {
      broker.restart();
    }
  }

  @Test
  void shouldDeliverEveryEventOnceAndInOrderAcrossABrokerOutage() {
    createTopic(topics.requestEvents().name(), 2, Map.of());
    AtomicInteger sequence = new AtomicInteger();
    List<Long> recordNanos = Collections.synchronizedList(new ArrayList<>());

    try (SlipstreamPublisher publisher = publisher().build()) {
      Runnable recordTwo =
          () -> {
            for (int i = 0; i < 2; i++) {
              int seq = sequence.getAndIncrement();
              long start = System.nanoTime();
              assertThat(publisher.record(event(seq))).isTrue();
              recordNanos.add(System.nanoTime() - start);
            }
          };
      recordWhile(recordTwo, () -> sequence.get() < 200);
      await("first events acknowledged")
          .atMost(WAIT)
          .until(() -> publisher.metrics().sent() == 200);

      // The producer has the topic's metadata: it takes the events and gets no acknowledgement,
      // so the breaker opens on the acknowledgement timeout and later events go to the spool.
      broker.stop();
      recordWhile(
          recordTwo,
          () ->
              publisher.metrics().spooled() < 100
                  || publisher.circuitState() == CircuitBreaker.State.CLOSED);

      broker.restart();
      int afterRestart = sequence.get() + 100;
      recordWhile(recordTwo, () -> sequence.get() < afterRestart);
      int total = sequence.get();
      await("every event acknowledged")
          .atMost(WAIT)
          .until(() -> publisher.metrics().sent() + publisher.metrics().replayed() == total);
      assertThat(publisher.metrics().dropped()).isZero();
      assertThat(publisher.metrics().replayed()).isEqualTo(publisher.metrics().spooled());
      assertThat(publisher.metrics().sent()).isEqualTo(total - publisher.metrics().spooled());
      await("the spool is empty again")
          .atMost(WAIT)
          .until(() -> publisher.metrics().spoolBacklogBytes() == 0);
      // The caller never waited for Kafka: stopping and restarting the broker took seconds, a
      // record() call takes microseconds. The bound on the slowest call leaves room for a JVM
      // pause (GC, safepoint) on a 2-core machine that also runs the broker in this JVM.
      List<Long> sorted = recordNanos.stream().sorted().toList();
      long p99 = sorted.get((int) (sorted.size() * 0.99));
      assertThat(TimeUnit.NANOSECONDS.toMillis(p99)).isLessThan(20);
      assertThat(TimeUnit.NANOSECONDS.toMillis(sorted.get(sorted.size() - 1))).isLessThan(1_000);
    }

    assertExactlyOnceInOrderPerService(read(sequence.get()), sequence.get());
  }

  @Test
  void shouldSpoolWhenSendFailsForLackOfKafkaAndReplayWhenKafkaIsBack() {
    createTopic(topics.requestEvents().name(), 1, Map.of());
    // Down before the producer ever saw it: without metadata, send() fails after max.block.ms.
    broker.stop();
    try (SlipstreamPublisher publisher =
        publisher().kafkaProperty(ProducerConfig.MAX_BLOCK_MS_CONFIG, 100).build()) {
      for (int i = 0; i < 40; i++) {
        publisher.record("op-" + i, 200, Duration.ofMillis(1));
      }
      await("all spooled").atMost(WAIT).until(() -> publisher.metrics().spooled() == 40);
      await("the breaker opens as replay attempts keep failing")
          .atMost(WAIT)
          .until(() -> publisher.circuitState() != CircuitBreaker.State.CLOSED);
      assertThat(publisher.metrics().sent()).isZero();

      broker.restart();
      await("all replayed").atMost(WAIT).until(() -> publisher.metrics().replayed() == 40);
      await("closed again")
          .atMost(WAIT)
          .until(() -> publisher.circuitState() == CircuitBreaker.State.CLOSED);
      publisher.record("op-40", 200, Duration.ofMillis(1));
      await("a new event goes straight out")
          .atMost(WAIT)
          .until(() -> publisher.metrics().sent() == 1);
      assertThat(publisher.metrics().dropped()).isZero();
    }

    assertThat(operations(read(41))).containsExactlyElementsOf(ops(0, 41));
  }

  @Test
  void shouldSpoolWhatKafkaHasNotAcknowledgedAtCloseAndReplayItNextTime() {
    createTopic(topics.requestEvents().name(), 1, Map.of());
    SlipstreamPublisher publisher = publisher().kafkaProperty(METADATA_RECOVERY, "none").build();
    // Metadata and schema id cached: with the broker down, send() takes events without blocking.
    publisher.record("warm-up", 200, Duration.ofMillis(1));
    await("warm-up acknowledged").atMost(WAIT).until(() -> publisher.metrics().sent() == 1);
    broker.stop();
    for (int i = 0; i < 10; i++) {
      publisher.record("op-" + i, 200, Duration.ofMillis(1));
    }
    await("all handed to the producer")
        .atMost(WAIT)
        .until(() -> publisher.metrics().inFlight() == 10);
    publisher.close(Duration.ofMillis(200));
    assertThat(publisher.metrics().spooled()).isEqualTo(10);
    assertThat(publisher.metrics().sent()).isEqualTo(1);
    assertThat(publisher.metrics().dropped()).isZero();

    broker.restart();
    try (SlipstreamPublisher next = publisher().build()) {
      await("replayed").atMost(WAIT).until(() -> next.metrics().replayed() == 10);
    }
    List<String> expected = Stream.concat(Stream.of("warm-up"), ops(0, 10).stream()).toList();
    assertThat(operations(read(11))).containsExactlyElementsOf(expected);
  }

  @Test
  void shouldLeaveReplayedButUnacknowledgedEventsInTheSpoolAtClose() {
    createTopic(topics.requestEvents().name(), 1, Map.of());
    SlipstreamPublisher publisher =
        publisher()
            .ackTimeout(Duration.ofMillis(100))
            .circuitBreakerConfig(breakerOpenFor(Duration.ofSeconds(1)))
            .kafkaProperty(METADATA_RECOVERY, "none")
            .build();
    publisher.record("warm-up", 200, Duration.ofMillis(1));
    await("warm-up acknowledged").atMost(WAIT).until(() -> publisher.metrics().sent() == 1);
    broker.stop();
    // Another service's events go straight to the producer, which has the metadata and gets no
    // acknowledgement: the breaker opens on the acknowledgement timeout.
    for (int i = 0; i < 5; i++) {
      publisher.record(event("payments", i));
    }
    await("the breaker opens")
        .atMost(WAIT)
        .until(() -> publisher.circuitState() == CircuitBreaker.State.OPEN);
    // These go to the spool; each probe of the half-open breaker replays one of them into the
    // producer, where it gets no acknowledgement either.
    for (int i = 0; i < 5; i++) {
      publisher.record("op-" + i, 200, Duration.ofMillis(1));
    }
    await("a spooled event replayed and not acknowledged")
        .atMost(WAIT)
        .until(() -> publisher.metrics().inFlight() > 5);
    publisher.close(Duration.ofMillis(100));
    assertThat(publisher.metrics().replayed()).isZero();
    assertThat(publisher.metrics().dropped()).isZero();
    // The five recorded while the breaker was open, and at close the five sent straight out;
    // replayed events are still in the spool and are not appended again.
    assertThat(publisher.metrics().spooled()).isEqualTo(10);

    broker.restart();
    try (SlipstreamPublisher next = publisher().build()) {
      await("replayed again").atMost(WAIT).until(() -> next.metrics().replayed() == 10);
      assertThat(next.metrics().dropped()).isZero();
    }
    List<ConsumerRecord<String, RequestEvent>> records = read(11);
    assertThat(records).hasSize(11);
    assertThat(operations(records.stream().filter(r -> r.key().equals("checkout")).toList()))
        .containsExactlyElementsOf(
            Stream.concat(Stream.of("warm-up"), ops(0, 5).stream()).toList());
    assertThat(
            records.stream()
                .filter(r -> r.key().equals("payments"))
                .map(r -> r.value().getAttributes().get("seq")))
        .containsExactly("0", "1", "2", "3", "4");
  }

  @Test
  void shouldDropAndCountWhenTheSpoolIsFull() {
    createTopic(topics.requestEvents().name(), 1, Map.of());
    broker.stop();
    try (SlipstreamPublisher publisher =
        publisher()
            .kafkaProperty(ProducerConfig.MAX_BLOCK_MS_CONFIG, 100)
            .spoolOptions(SpoolOptions.defaults().withCapBytes(2_000))
            .build()) {
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
      assertThat(publisher.metrics().sent()).isZero();
    }
  }

  @Test
  void shouldNeverBlockTheCallerAndCountWhatTheFullQueueDrops() {
    createTopic(topics.requestEvents().name(), 1, Map.of());
    // Down, and the producer has no metadata: the sender thread's first send() waits for it.
    broker.stop();
    List<String> accepted = new ArrayList<>();
    try (SlipstreamPublisher publisher =
        publisher()
            .queueCapacity(5)
            .kafkaProperty(ProducerConfig.MAX_BLOCK_MS_CONFIG, (int) WAIT.toMillis())
            .build()) {
      // Load and initialise the event classes first: the first event pays for class loading.
      publisher.request("warm-up").statusCode(200).build();
      long slowestNanos = 0;
      for (int i = 0; i < 200; i++) {
        long start = System.nanoTime();
        if (publisher.record("op-" + i, 200, Duration.ofMillis(1))) {
          accepted.add("op-" + i);
        }
        slowestNanos = Math.max(slowestNanos, System.nanoTime() - start);
      }
      assertThat(TimeUnit.NANOSECONDS.toMillis(slowestNanos)).isLessThan(100);
      // The queue's 5, and one more if the sender thread took one before it blocked.
      assertThat(accepted).hasSizeBetween(5, 6);
      assertThat(publisher.metrics().droppedQueueFull()).isEqualTo(200 - accepted.size());

      broker.restart();
      await("the accepted events go out")
          .atMost(WAIT)
          .until(
              () -> publisher.metrics().sent() + publisher.metrics().replayed() == accepted.size());
      assertThat(publisher.metrics().dropped()).isEqualTo(200 - accepted.size());
    }
    assertThat(operations(read(accepted.size()))).containsExactlyElementsOf(accepted);
  }

  @Test
  void shouldDropAnEventKafkaRefusesAndKeepSendingTheOthers() {
    createTopic(
        topics.requestEvents().name(), 1, Map.of(TopicConfig.MAX_MESSAGE_BYTES_CONFIG, "4096"));
    try (SlipstreamPublisher publisher = publisher().build()) {
      publisher.record("op-0", 200, Duration.ofMillis(1));
      await("the first event acknowledged")
          .atMost(WAIT)
          .until(() -> publisher.metrics().sent() == 1);
      // Random text does not compress below the topic's limit.
      publisher.request("op-1").statusCode(200).attribute("blob", randomText(64 * 1024)).record();
      publisher.record("op-2", 200, Duration.ofMillis(1));
      await("the oversized event dropped, the next one sent")
          .atMost(WAIT)
          .until(() -> publisher.metrics().droppedFailed() == 1 && publisher.metrics().sent() == 2);
      // A refusal of one event says nothing about Kafka's health: the breaker stays closed.
      assertThat(publisher.circuitState()).isEqualTo(CircuitBreaker.State.CLOSED);
      assertThat(publisher.metrics().spooled()).isZero();
    }
    assertThat(operations(read(2))).containsExactly("op-0", "op-2");
  }

  private SlipstreamPublisher.Builder publisher() {
    return SlipstreamPublisher.builder()
        .service("checkout")
        .bootstrapServers(broker.bootstrapServers())
        .schemaRegistryUrl(registryUrl)
        .topics(topics)
        .spoolDirectory(spoolDir)
        .ackTimeout(Duration.ofSeconds(1))
        .kafkaProperty(ProducerConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 200)
        .kafkaProperty(ProducerConfig.RETRY_BACKOFF_MAX_MS_CONFIG, 200)
        .circuitBreakerConfig(breakerOpenFor(Duration.ofMillis(300)));
  }

  /** The default breaker, open for {@code wait} before it lets a probe event through. */
  private static CircuitBreakerConfig breakerOpenFor(Duration wait) {
    return CircuitBreakerConfig.from(SlipstreamPublisher.Builder.defaultCircuitBreakerConfig())
        .waitDurationInOpenState(wait)
        .build();
  }

  private List<ConsumerRecord<String, RequestEvent>> read(int expected) {
    return TopicReader.readAtLeast(
        broker.bootstrapServers(),
        registryUrl,
        topics.requestEvents().name(),
        RequestEvent.class,
        expected,
        WAIT);
  }

  /** Runs {@code step} every 10 ms while {@code condition} holds (at most {@link #WAIT}). */
  private static void recordWhile(Runnable step, BooleanSupplier condition) {
    await()
        .atMost(WAIT)
        .pollDelay(Duration.ZERO)
        .pollInterval(Duration.ofMillis(10))
        .until(
            () -> {
              if (!condition.getAsBoolean()) {
                return true;
              }
              step.run();
              return false;
            });
  }

  private static String randomText(int length) {
    StringBuilder text = new StringBuilder(length);
    ThreadLocalRandom random = ThreadLocalRandom.current();
    for (int i = 0; i < length; i++) {
      text.append((char) (' ' + random.nextInt(95)));
    }
    return text.toString();
  }

  private static void createTopic(String topic, int partitions, Map<String, String> configs) {
    try (Admin admin = admin()) {
      admin
          .createTopics(
              List.of(
                  new NewTopic(topic, Optional.of(partitions), Optional.empty()).configs(configs)))
          .all()
          .get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (Exception e) {
      throw new IllegalStateException("Could not create topic " + topic, e);
    }
  }

  private static Admin admin() {
    return Admin.create(
        Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()));
  }
}
