package io.slipstream.ingest.client;

import static io.slipstream.ingest.client.PublishedEvents.assertExactlyOnceInOrderPerService;
import static io.slipstream.ingest.client.PublishedEvents.event;
import static io.slipstream.ingest.client.PublishedEvents.operations;
import static io.slipstream.ingest.client.PublishedEvents.ops;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.slipstream.avro.Outcome;
import io.slipstream.avro.RequestEvent;
import io.slipstream.avro.ResourceSample;
import io.slipstream.ingest.IngestTopics;
import io.slipstream.ingest.TopicReader;
import io.slipstream.localstack.LocalStack;
import io.slipstream.localstack.LocalStackExtension;
import io.slipstream.localstack.TestResources;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@Tag("integration")
@ExtendWith(LocalStackExtension.class)
class SlipstreamPublisherIT {

  private static final Duration WAIT = Duration.ofSeconds(60);

  @TempDir Path spoolDir;

  @Test
  void shouldPublishRecordsThatDecodeToWhatWasRecorded(LocalStack stack, TestResources resources) {
    IngestTopics topics =
        IngestTopics.named(resources.topic("request-events"), resources.topic("resource-samples"));
    resources.createTopic(topics.requestEvents().name(), 2);
    resources.createTopic(topics.resourceSamples().name(), 1);

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
            topics.requestEvents().name(),
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
            topics.resourceSamples().name(),
            ResourceSample.class,
            1,
            WAIT);
    assertThat(samples).hasSize(1);
    assertThat(samples.get(0).value().getCpuUtilization()).isEqualTo(0.75);
  }

  @Test
  void shouldSendEventsKeyedByServiceInTheOrderTheyWereRecorded(
      LocalStack stack, TestResources resources) {
    IngestTopics topics =
        IngestTopics.named(resources.topic("request-events"), resources.topic("resource-samples"));
    resources.createTopic(topics.requestEvents().name(), 2);

    try (SlipstreamPublisher publisher =
        publisher(stack.bootstrapServers(), stack.schemaRegistryUrl(), topics).build()) {
      for (int i = 0; i < 100; i++) {
        assertThat(publisher.record("op-" + i, 200, Duration.ofMillis(3))).isTrue();
      }
      await("all 100 events acknowledged")
          .atMost(WAIT)
          .until(() -> publisher.metrics().sent() == 100);
      assertThat(publisher.metrics().spooled()).isZero();
      assertThat(publisher.metrics().dropped()).isZero();
    }

    List<ConsumerRecord<String, RequestEvent>> records =
        TopicReader.readAtLeast(
            stack.bootstrapServers(),
            stack.schemaRegistryUrl(),
            topics.requestEvents().name(),
            RequestEvent.class,
            100,
            WAIT);
    assertThat(records)
        .allSatisfy(
            record -> {
              assertThat(record.key()).isEqualTo("checkout");
              assertThat(record.topic()).isEqualTo(topics.requestEvents().name());
            });
    assertThat(operations(records)).containsExactlyElementsOf(ops(0, 100));
  }

  /**
   * Kafka down when the events are recorded (nobody listens on the port): they wait in the spool,
   * and the next publisher on the same directory replays them.
   */
  @Test
  void shouldSpoolWhileKafkaIsUnreachableAndReplayWhenAPublisherCanReachIt(
      LocalStack stack, TestResources resources) throws Exception {
    IngestTopics topics =
        IngestTopics.named(resources.topic("request-events"), resources.topic("resource-samples"));
    resources.createTopic(topics.requestEvents().name(), 2);
    String closedPort = "127.0.0.1:" + closedLoopbackPort();

    try (SlipstreamPublisher unreachable =
        publisher(closedPort, stack.schemaRegistryUrl(), topics).build()) {
      for (int i = 0; i < 50; i++) {
        unreachable.record(event(i));
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
            topics.requestEvents().name(),
            RequestEvent.class,
            50,
            WAIT);
    assertExactlyOnceInOrderPerService(records, 50);
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

  /** A loopback port nobody listens on: bound once by the OS, then released. */
  private static int closedLoopbackPort() throws java.io.IOException {
    try (java.net.ServerSocket socket =
        new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }
}
