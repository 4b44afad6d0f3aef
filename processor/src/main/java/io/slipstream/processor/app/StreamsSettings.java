package io.slipstream.processor.app;

import io.slipstream.serde.SchemaRegistrySettings;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.streams.StreamsConfig;

/** Derives Kafka Streams properties and serde configuration from a {@link ProcessorConfig}. */
public final class StreamsSettings {
  /** The client tag that carries {@value ProcessorConfig#RACK} for standby placement. */
  public static final String RACK_TAG = "rack";

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
    // records in timestamp order across both, so neither topic's backlog runs far ahead of the
    // other's. With -1 it aligns them only while both have records buffered, and one fetch of a
    // replay brings days of one topic, beyond the watermark's maximum hold: the other topic's
    // events
    // then arrive late (HistoryReplayIT and ProcessorFailoverIT fail with -1). The price: for every
    // record processed while one input is empty, Kafka Streams formats log text it never logs
    // (FormatLocale halves it; docs/benchmarks.md).
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
    clusterDefaults(config, properties);
    return properties;
  }

  /**
   * How the state is kept available across several instances and replicated in the cluster. These
   * apply to the classic rebalance protocol, Kafka Streams' default; with {@code
   * group.protocol=streams} the broker's group configuration decides standbys instead.
   */
  private static void clusterDefaults(ProcessorConfig config, Properties properties) {
    // One standby per task: another instance keeps a copy of the task's stores, fed from the
    // changelogs as they are written. When an instance dies, its tasks go to the instances that
    // hold their standbys, which resume after catching up the last commits (seconds), instead of
    // restoring every store from the changelogs (minutes for weeks of SLO counts) while the
    // task's services go unevaluated. The cost: each instance also holds the stores of the tasks
    // it stands by for and reads their changelogs (about as much disk again as its active tasks,
    // and as much fetch traffic from the brokers again as the changelogs are written). Kafka
    // Streams never places a standby beside its active task, so with a single instance (the local
    // run, most tests) the standby is simply unassigned: no cost, only a warning per task at each
    // rebalance.
    properties.putIfAbsent(StreamsConfig.NUM_STANDBY_REPLICAS_CONFIG, "1");
    // How many changelog records an instance may trail a task's state by and still count as caught
    // up, i.e. be given the task at once (it restores the rest before processing); an instance
    // further behind first warms up a copy while the current owner keeps the task. Kafka's
    // default, 10,000, can be less than a second of changelog for a busy task (a record per
    // advance of the watermark, and per changed aggregate at each commit): a standby that trails
    // its active task by a commit or two (under exactly-once it sees records only once their
    // transaction commits) would not count as caught up, and the assignor would keep scheduling
    // probing rebalances (every 10 minutes) waiting for it to catch up. 50,000 is two to three
    // seconds of restore at the rate the alerting benchmark measured (81,170 records in 4.2 s,
    // start-up included): well under a minute of pause for the task taken over.
    properties.putIfAbsent(StreamsConfig.ACCEPTABLE_RECOVERY_LAG_CONFIG, "50000");
    String replication = config.get(ProcessorConfig.TOPIC_REPLICATION_FACTOR);
    if (replication != null && !replication.isBlank()) {
      // Changelogs and repartition topics replicated like Slipstream's own topics; unset, Kafka
      // Streams asks for the cluster's default.replication.factor.
      properties.putIfAbsent(
          StreamsConfig.REPLICATION_FACTOR_CONFIG,
          Short.toString(TopicSetup.replicationFactor(replication).orElse((short) -1)));
    }
    String rack = config.get(ProcessorConfig.RACK);
    if (rack != null && !rack.isBlank()) {
      // Every consumer (main, restore, global) names its rack, so brokers with a rack-aware
      // replica selector serve it from a replica in the same rack.
      properties.putIfAbsent(CommonClientConfigs.CLIENT_RACK_CONFIG, rack.trim());
      // Standbys are placed on instances whose "rack" tag differs from the active task's: losing
      // a rack then leaves a warm copy of every task. Every instance must name its rack.
      properties.putIfAbsent(StreamsConfig.CLIENT_TAG_PREFIX + RACK_TAG, rack.trim());
      properties.putIfAbsent(StreamsConfig.RACK_AWARE_ASSIGNMENT_TAGS_CONFIG, RACK_TAG);
    }
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
