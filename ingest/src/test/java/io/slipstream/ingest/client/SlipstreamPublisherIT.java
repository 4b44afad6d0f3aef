package io.slipstream.ingest.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.slipstream.avro.Outcome;
import io.slipstream.avro.RequestEvent;
import io.slipstream.avro.ResourceSample;
import io.slipstream.ingest.IngestTopics;
import io.slipstream.ingest.TopicReader;
import io.slipstream.localstack.EmbeddedKafkaBroker;
import io.slipstream.localstack.LocalStack;
import io.slipstream.localstack.LocalStackExtension;
import io.slipstream.localstack.TestResources;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@Tag("integration")
@ExtendWith(LocalStackExtension.class)
class SlipstreamPublisherIT {

  private static final Duration WAIT = Duration.ofSeconds(60);
  private static final List<String> SERVICES = List.of("checkout", "payments");

  @TempDir Path spoolDir;

  @Test
  void shouldPublishRecordsThatDecodeToWhatWasRecorded(LocalStack stack, TestResources resources) {
    IngestTopics topics =
        new IngestTopics(resources.topic("request-events"), resources.topic("resource-samples"));
    resources.createTopic(topics.requestEvents(), 2);
    resources.createTopic(topics.resourceSamples(), 1);

    try (SlipstreamPublisher publisher =
        publisher(stack.bootstrapServers(), stack.schemaRegistryUrl(), topics).build()) {
      publisher
          .request("GET /carts/{id}")
          .statusCode(503)
          .latencyMicros(4_200)
          .timestamp(Instant.ofEpochMilli(1_700_000_000_000L))
          .traceparent("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01")
          .attribute("tier", "gold")
          .record();
      publisher.recordSample(0.75, 0.5);
      await("both acknowledged").atMost(WAIT).until(() -> publisher.metrics().sent() == 2);
    }

    List<ConsumerRecord<String, RequestEvent>> events =
        TopicReader.readAtLeast(
            stack.bootstrapServers(),
            stack.schemaRegistryUrl(),
            topics.requestEvents(),
            RequestEvent.class,
            1,
            WAIT);
    assertThat(events).hasSize(1);
    assertThat(events.get(0).key()).isEqualTo("checkout");
    RequestEvent event = events.get(0).value();
    assertThat(event.getOperation()).isEqualTo("GET /carts/{id}");
    assertThat(event.getOutcome()).isEqualTo(Outcome.ERROR);
    assertThat(event.getStatusCode()).isEqualTo(503);
    assertThat(event.getLatencyMicros()).isEqualTo(4_200);
    assertThat(event.getTimestamp()).isEqualTo(Instant.ofEpochMilli(1_700_000_000_000L));
    assertThat(event.getTraceId()).isEqualTo("4bf92f3577b34da6a3ce929d0e0e4736");
    assertThat(event.getAttributes()).containsEntry("tier", "gold");

    List<ConsumerRecord<String, ResourceSample>> samples =
        TopicReader.readAtLeast(
            stack.bootstrapServers(),
            stack.schemaRegistryUrl(),
            topics.resourceSamples(),
            ResourceSample.class,
            1,
            WAIT);
    assertThat(samples).hasSize(1);
    assertThat(samples.get(0).value().getCpuUtilization()).isEqualTo(0.75);
  }

  @Test
  void shouldSpoolWhileKafkaIsUnreachableAndReplayWhenAPublisherCanReachIt(
      LocalStack stack, TestResources resources) throws Exception {
    IngestTopics topics =
        new IngestTopics(resources.topic("request-events"), resources.topic("resource-samples"));
    resources.createTopic(topics.requestEvents(), 2);
    String closedPort = "127.0.0.1:" + closedLoopbackPort();

    try (SlipstreamPublisher unreachable =
        publisher(closedPort, stack.schemaRegistryUrl(), topics).build()) {
      for (int i = 0; i < 50; i++) {
        unreachable.record(event(SERVICES.get(i % 2), i));
      }
      await("all spooled").atMost(WAIT).until(() -> unreachable.metrics().spooled() == 50);
      await("the breaker opens on repeated failures")
          .atMost(WAIT)
          .until(() -> unreachable.circuitState() != CircuitBreaker.State.CLOSED);
    }

    try (SlipstreamPublisher reachable =
        publisher(stack.bootstrapServers(), stack.schemaRegistryUrl(), topics).build()) {
      await("all replayed").atMost(WAIT).until(() -> reachable.metrics().replayed() == 50);
    }
    List<ConsumerRecord<String, RequestEvent>> records =
        TopicReader.readAtLeast(
            stack.bootstrapServers(),
            stack.schemaRegistryUrl(),
            topics.requestEvents(),
            RequestEvent.class,
            50,
            WAIT);
    assertExactlyOnceInOrderPerService(records, 50);
  }

  /** Uses its own broker: stopping the shared one would break the other tests. */
  @Test
  void shouldDeliverEveryEventOnceAndInOrderAcrossABrokerOutage(LocalStack stack) throws Exception {
    try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.builder().start()) {
      IngestTopics topics = new IngestTopics("request-events", "resource-samples");
      createTopic(broker.bootstrapServers(), topics.requestEvents(), 2);
      AtomicInteger sequence = new AtomicInteger();
      List<Long> recordNanos = java.util.Collections.synchronizedList(new ArrayList<>());

      try (SlipstreamPublisher publisher =
          publisher(broker.bootstrapServers(), stack.schemaRegistryUrl(), topics).build()) {
        Runnable recordTwo =
            () -> {
              for (int i = 0; i < 2; i++) {
                int seq = sequence.getAndIncrement();
                long start = System.nanoTime();
                assertThat(publisher.record(event(SERVICES.get(seq % 2), seq))).isTrue();
                recordNanos.add(System.nanoTime() - start);
              }
            };
        recordWhile(recordTwo, () -> sequence.get() < 200);
        await("first events acknowledged")
            .atMost(WAIT)
            .until(() -> publisher.metrics().sent() == 200);

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
        // The caller never waited for Kafka: stopping and restarting the broker took seconds, a
        // record() call takes microseconds. The bound on the slowest call leaves room for a JVM
        // pause (GC, safepoint) on a 2-core machine that also runs the broker in this JVM.
        List<Long> sorted = recordNanos.stream().sorted().toList();
        long p99 = sorted.get((int) (sorted.size() * 0.99));
        assertThat(TimeUnit.NANOSECONDS.toMillis(p99)).isLessThan(20);
        assertThat(TimeUnit.NANOSECONDS.toMillis(sorted.get(sorted.size() - 1))).isLessThan(1_000);
      }

      int total = sequence.get();
      List<ConsumerRecord<String, RequestEvent>> records =
          TopicReader.readAtLeast(
              broker.bootstrapServers(),
              stack.schemaRegistryUrl(),
              topics.requestEvents(),
              RequestEvent.class,
              total,
              WAIT);
      assertExactlyOnceInOrderPerService(records, total);
    }
  }

  /** Runs {@code step} every 10 ms while {@code condition} holds (at most a minute). */
  private static void recordWhile(Runnable step, java.util.function.BooleanSupplier condition) {
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

  private static void assertExactlyOnceInOrderPerService(
      List<ConsumerRecord<String, RequestEvent>> records, int total) {
    assertThat(records).hasSize(total);
    Map<String, List<Integer>> sequences = new LinkedHashMap<>();
    for (ConsumerRecord<String, RequestEvent> record : records) {
      assertThat(record.key()).isEqualTo(record.value().getService());
      sequences
          .computeIfAbsent(record.key(), key -> new ArrayList<>())
          .add(Integer.parseInt(record.value().getAttributes().get("seq")));
    }
    for (int s = 0; s < SERVICES.size(); s++) {
      List<Integer> expected = new ArrayList<>();
      for (int seq = s; seq < total; seq += SERVICES.size()) {
        expected.add(seq);
      }
      assertThat(sequences.get(SERVICES.get(s)))
          .as("events of %s, in order, each once", SERVICES.get(s))
          .containsExactlyElementsOf(expected);
    }
  }

  private SlipstreamPublisher.Builder publisher(
      String bootstrapServers, String registryUrl, IngestTopics topics) {
    return SlipstreamPublisher.builder()
        .service("checkout")
        .bootstrapServers(bootstrapServers)
        .schemaRegistryUrl(registryUrl)
        .topics(topics)
        .spoolDirectory(spoolDir)
        .ackTimeout(Duration.ofSeconds(1))
        .kafkaProperty("reconnect.backoff.max.ms", 200)
        .kafkaProperty("retry.backoff.max.ms", 200)
        .circuitBreakerConfig(
            CircuitBreakerConfig.from(SlipstreamPublisher.Builder.defaultCircuitBreakerConfig())
                .waitDurationInOpenState(Duration.ofMillis(300))
                .build());
  }

  private static RequestEvent event(String service, int seq) {
    return RequestEvent.newBuilder()
        .setService(service)
        .setOperation("GET /items/{id}")
        .setTimestamp(Instant.ofEpochMilli(1_700_000_000_000L + seq))
        .setLatencyMicros(1_000 + seq)
        .setStatusCode(200)
        .setOutcome(Outcome.SUCCESS)
        .setAttributes(Map.of("seq", Integer.toString(seq)))
        .build();
  }

  /** A loopback port nobody listens on: bound once by the OS, then released. */
  private static int closedLoopbackPort() throws java.io.IOException {
    try (java.net.ServerSocket socket =
        new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }

  private static void createTopic(String bootstrapServers, String topic, int partitions)
      throws Exception {
    try (Admin admin =
        Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
      admin
          .createTopics(List.of(new NewTopic(topic, partitions, (short) 1)))
          .all()
          .get(30, TimeUnit.SECONDS);
    }
  }
}
