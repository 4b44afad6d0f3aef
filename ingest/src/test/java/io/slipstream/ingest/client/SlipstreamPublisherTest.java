package io.slipstream.ingest.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the publisher decides without Kafka. Its behaviour against Kafka (delivery, outages,
 * refusals, full queue and spool) is tested against a real broker in {@link SlipstreamPublisherIT}
 * and {@link SlipstreamPublisherFailuresIT}.
 */
class SlipstreamPublisherTest {

  @TempDir Path spoolDir;

  @Test
  void shouldCountEventsRecordedAfterClose() {
    // Nothing listens on these addresses, and no event is ever sent there.
    SlipstreamPublisher publisher =
        SlipstreamPublisher.builder()
            .service("checkout")
            .bootstrapServers("127.0.0.1:9")
            .schemaRegistryUrl("http://127.0.0.1:9")
            .spoolDirectory(spoolDir)
            .build();
    publisher.close();
    assertThat(publisher.record("late", 200, Duration.ZERO)).isFalse();
    assertThat(publisher.metrics().droppedClosed()).isEqualTo(1);
    assertThat(publisher.metrics().sent()).isZero();
    publisher.close(); // idempotent
  }

  @Test
  void shouldRequireAServiceAndBootstrapServers() {
    assertThatThrownBy(() -> SlipstreamPublisher.builder().bootstrapServers("x:1").build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("service");
    assertThatThrownBy(() -> SlipstreamPublisher.builder().service("checkout").producerConfig())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("bootstrapServers");
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
}
