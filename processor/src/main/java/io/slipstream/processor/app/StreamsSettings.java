package io.slipstream.processor.app;

import io.slipstream.serde.SchemaRegistrySettings;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.streams.StreamsConfig;

/** Derives Kafka Streams properties and serde configuration from a {@link ProcessorConfig}. */
public final class StreamsSettings {
  private StreamsSettings() {}

  /**
   * Kafka Streams properties: the user's Kafka settings with Slipstream's defaults filled in where
   * unset.
   */
  public static Properties streamsProperties(ProcessorConfig config) {
    Properties properties = new Properties();
    properties.putAll(config.kafkaSettings());
    // Counts must survive crashes without double counting.
    properties.putIfAbsent(
        StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
    // One stream thread per core: a single thread leaves the other cores idle.
    properties.putIfAbsent(
        StreamsConfig.NUM_STREAM_THREADS_CONFIG,
        Integer.toString(Runtime.getRuntime().availableProcessors()));
    // Exactly-once commits a transaction per interval; 100 ms (its default) spends much of the time
    // committing. One second bounds how stale published results and queries can be.
    properties.putIfAbsent(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, "1000");
    // A task reads request-events and resource-samples. With 0, Kafka Streams does not process one
    // of them while the other is empty but has records waiting on the broker, and then picks
    // records
    // in timestamp order across both: after a restart with a backlog, neither topic's backlog runs
    // far ahead of the other's. Results do not depend on this order (the watermark is the slowest
    // input's progress), but the closer the inputs stay, the sooner buckets close.
    properties.putIfAbsent(StreamsConfig.MAX_TASK_IDLE_MS_CONFIG, "0");
    // Changelog records would otherwise carry the timestamp of the input record in hand: an event's
    // time, months old in a replay of history. The broker deletes a window store's changelog by
    // those timestamps (its retention is the store's plus a day), so a restore would miss state it
    // wrote a minute ago, and it refuses timestamps too far ahead. Stamped on append, changelogs
    // age by the broker's clock whatever the events' times.
    properties.putIfAbsent(
        StreamsConfig.topicPrefix(TopicConfig.MESSAGE_TIMESTAMP_TYPE_CONFIG), "LogAppendTime");
    properties.putIfAbsent(
        StreamsConfig.producerPrefix(ProducerConfig.COMPRESSION_TYPE_CONFIG), "lz4");
    properties.putIfAbsent(StreamsConfig.producerPrefix(ProducerConfig.LINGER_MS_CONFIG), "20");
    return properties;
  }

  /**
   * Configuration for the Avro serdes: the registry URL and any {@code schema.registry.*} or auth
   * keys.
   */
  public static Map<String, Object> serdeConfig(ProcessorConfig config) {
    Map<String, Object> serde = new HashMap<>();
    config
        .kafkaSettings()
        .forEach(
            (key, value) -> {
              if (key.startsWith("schema.registry.") || key.startsWith("basic.auth.")) {
                serde.put(key, value);
              }
            });
    serde.put(SchemaRegistrySettings.URL, config.get(ProcessorConfig.SCHEMA_REGISTRY_URL));
    return serde;
  }
}
