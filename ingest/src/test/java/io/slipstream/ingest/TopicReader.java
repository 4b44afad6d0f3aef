package io.slipstream.ingest;

import static org.awaitility.Awaitility.await;

import io.slipstream.serde.AvroDeserializer;
import io.slipstream.serde.SchemaRegistrySettings;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;

/** Reads a topic from the beginning and decodes its Avro values, for assertions in ITs. */
public final class TopicReader {

  private TopicReader() {}

  /**
   * Reads {@code topic} from the beginning until at least {@code expected} records arrived, then a
   * little longer to catch extra ones (duplicates), within {@code timeout}.
   */
  public static <T> List<ConsumerRecord<String, T>> readAtLeast(
      String bootstrapServers,
      String registryUrl,
      String topic,
      Class<T> type,
      int expected,
      Duration timeout) {
    AvroDeserializer<T> values = new AvroDeserializer<>(type);
    values.configure(Map.of(SchemaRegistrySettings.URL, registryUrl), false);
    List<ConsumerRecord<String, T>> records = new ArrayList<>();
    try (KafkaConsumer<String, T> consumer =
        new KafkaConsumer<>(
            Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrapServers,
                ConsumerConfig.GROUP_ID_CONFIG,
                "reader-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
                "earliest",
                ConsumerConfig.ISOLATION_LEVEL_CONFIG,
                "read_committed"),
            new StringDeserializer(),
            values)) {
      consumer.subscribe(List.of(topic));
      await("at least " + expected + " records on " + topic)
          .atMost(timeout)
          .pollInterval(Duration.ofMillis(10))
          .until(
              () -> {
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
                return records.size() >= expected;
              });
      // One more short poll: duplicates would show up right behind the expected records.
      consumer.poll(Duration.ofMillis(500)).forEach(records::add);
    }
    return records;
  }
}
