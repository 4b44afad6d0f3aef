package io.slipstream.ingest.gateway;

import io.slipstream.ingest.IngestEvent;
import io.slipstream.ingest.IngestTopics;
import io.slipstream.serde.SchemaRegistrySettings;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes the gateway's events with one shared idempotent producer ({@code acks=all}, lz4, 5 ms
 * linger), keyed by service, Avro values in the Confluent wire format.
 *
 * <p>Unlike the client library it does not spool: the gateway answers 202 only after Kafka
 * acknowledged, and 503 otherwise, so the caller keeps the events and retries. A delivery timeout
 * of 30 s bounds how long a request waits.
 */
public final class KafkaEventPublisher implements EventPublisher {

  private static final Logger LOG = LoggerFactory.getLogger(KafkaEventPublisher.class);

  /** How long Kafka may take to acknowledge an event before the request fails. */
  public static final Duration DELIVERY_TIMEOUT = Duration.ofSeconds(30);

  private final Producer<String, SpecificRecord> producer;
  private final IngestTopics topics;

  KafkaEventPublisher(Producer<String, SpecificRecord> producer, IngestTopics topics) {
    this.producer = producer;
    this.topics = topics;
  }

  /**
   * Creates the producer; {@code extraProperties} (e.g. security settings) override the defaults
   * except idempotence and acks.
   */
  public static KafkaEventPublisher create(
      String bootstrapServers,
      String schemaRegistryUrl,
      IngestTopics topics,
      Map<String, ?> extraProperties) {
    Map<String, Object> config = new HashMap<>();
    config.put(ProducerConfig.CLIENT_ID_CONFIG, "slipstream-gateway");
    config.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
    config.put(ProducerConfig.LINGER_MS_CONFIG, 5);
    config.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000);
    config.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) DELIVERY_TIMEOUT.toMillis());
    config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 5_000);
    config.putAll(extraProperties);
    config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    config.put(ProducerConfig.ACKS_CONFIG, "all");
    Map<String, Object> serdeConfig = Map.of(SchemaRegistrySettings.URL, schemaRegistryUrl);
    return new KafkaEventPublisher(
        new KafkaProducer<>(
            config, topics.keySerializer(serdeConfig), topics.valueSerializer(serdeConfig)),
        topics);
  }

  @Override
  public CompletableFuture<Void> publish(List<IngestEvent> events) {
    CompletableFuture<?>[] acknowledgements = new CompletableFuture<?>[events.size()];
    for (int i = 0; i < events.size(); i++) {
      IngestEvent event = events.get(i);
      CompletableFuture<Void> acknowledged = new CompletableFuture<>();
      acknowledgements[i] = acknowledged;
      try {
        producer.send(
            new ProducerRecord<>(event.topic(topics), event.service(), event.record()),
            (metadata, exception) -> {
              if (exception == null) {
                acknowledged.complete(null);
              } else {
                acknowledged.completeExceptionally(exception);
              }
            });
      } catch (RuntimeException e) {
        acknowledged.completeExceptionally(e);
      }
    }
    return CompletableFuture.allOf(acknowledgements);
  }

  @Override
  public void close() {
    try {
      producer.close(Duration.ofSeconds(10));
    } catch (RuntimeException e) {
      LOG.error("Closing the gateway's Kafka producer failed", e);
    }
  }
}
