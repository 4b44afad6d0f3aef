package io.slipstream.processor.app;

import io.slipstream.config.ConfigLoader;
import io.slipstream.config.SecretSettings;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * The processor's configuration as flat string keys, assembled by {@link ConfigLoader} with the
 * precedence every Slipstream component has: built-in defaults &lt; properties file &lt;
 * environment &lt; command line. Keys starting with {@code slipstream.} are Slipstream's own; all
 * others go to Kafka Streams and its clients unchanged (security settings included).
 */
public final class ProcessorConfig {
  public static final String SCHEMA_REGISTRY_URL = "slipstream.schema.registry.url";
  public static final String TOPIC_PREFIX = "slipstream.topic.prefix";
  public static final String BUCKET_SIZE = "slipstream.bucket.size";
  public static final String GRACE = "slipstream.grace";
  public static final String MAX_FUTURE_SKEW = "slipstream.max.future.skew";

  /**
   * How far behind the processor's clock an event may be (default 2d); {@code none} for a replay of
   * history, whose lateness is then judged against event-time progress alone (an event more than
   * the SLO period's retention behind the watermark is dead-lettered as LATE).
   */
  public static final String MAX_AGE = "slipstream.max.age";

  public static final String CLIENT_ERRORS_ARE_ERRORS = "slipstream.client.errors.are.errors";

  /**
   * How far a task's watermark may trail its furthest input (default 1h); see {@link
   * io.slipstream.processor.topology.SliSettings#maxWatermarkHold()}.
   */
  public static final String WATERMARK_MAX_HOLD = "slipstream.watermark.max.hold";

  /**
   * Settled evaluation: how far every input must have passed a tick before it is evaluated (default
   * 0s, immediate). See {@link io.slipstream.processor.topology.SloSettings}.
   */
  public static final String EVALUATION_SETTLE = "slipstream.evaluation.settle";

  /**
   * A directory of OpenSLO files published to the definitions topic at start; unset publishes
   * nothing.
   */
  public static final String SLO_DIRECTORY = "slipstream.slo.dir";

  /**
   * Whether the processor creates its missing topics and registers the input topics' schemas under
   * their subjects at start (default true).
   */
  public static final String CREATE_TOPICS = "slipstream.topic.create";

  /** Partitions of the topics it creates (default 2); existing topics are left as they are. */
  public static final String TOPIC_PARTITIONS = "slipstream.topic.partitions";

  /**
   * Replication factor of the topics it creates and of Kafka Streams' changelog and repartition
   * topics (default: unset, the cluster's {@code default.replication.factor}). Their {@code
   * min.insync.replicas} is the cluster's; a factor below it is refused, as such topics could never
   * be written.
   */
  public static final String TOPIC_REPLICATION_FACTOR = "slipstream.topic.replication.factor";

  /**
   * The rack (or availability zone) this instance runs in (default: unset, no rack awareness): its
   * consumers read from replicas in the same rack ({@code client.rack}), and Kafka Streams places
   * each standby in another rack than its active task ({@code client.tag.rack} with {@code
   * rack.aware.assignment.tags=rack}).
   */
  public static final String RACK = "slipstream.rack";

  /**
   * Port of the HTTP server (query API, probes, metrics, dashboard), default {@value
   * #DEFAULT_HTTP_PORT}; 0 picks a free one.
   */
  public static final String HTTP_PORT = "slipstream.http.port";

  /** The HTTP server's port when {@link #HTTP_PORT} is not set. */
  public static final int DEFAULT_HTTP_PORT = 8080;

  /** Address the HTTP server binds (default 0.0.0.0). */
  public static final String HTTP_HOST = "slipstream.http.host";

  /**
   * Host name other instances use to reach this one; with the port it becomes {@code
   * application.server} unless that is set. Default: the bind address if it is a specific one, else
   * the host name the platform gives (see {@link AdvertisedHost}).
   */
  public static final String HTTP_ADVERTISED_HOST = "slipstream.http.advertised.host";

  /** Bearer token the query API requires; unset or empty means no authentication. */
  public static final String HTTP_TOKEN = "slipstream.http.token";

  private final Map<String, String> values;

  private ProcessorConfig(Map<String, String> values) {
    this.values = Map.copyOf(values);
  }

  /**
   * Layers the sources, later ones winning.
   *
   * @param file a properties file, or null
   * @param environment the process environment (see {@link io.slipstream.config.EnvironmentConfig})
   * @param commandLine settings given on the command line
   */
  public static ProcessorConfig load(
      Path file, Map<String, String> environment, Map<String, String> commandLine)
      throws IOException {
    return new ProcessorConfig(
        ConfigLoader.withDefaults(defaults()).load(file, environment, commandLine));
  }

  public static ProcessorConfig of(Map<String, String> values) {
    Map<String, String> merged = new HashMap<>(defaults());
    merged.putAll(values);
    return new ProcessorConfig(merged);
  }

  private static Map<String, String> defaults() {
    return Map.of(
        "application.id",
        "slipstream",
        "bootstrap.servers",
        "127.0.0.1:9092",
        SCHEMA_REGISTRY_URL,
        "http://127.0.0.1:8081",
        TOPIC_PREFIX,
        "");
  }

  public String get(String key) {
    return values.get(key);
  }

  public String get(String key, String fallback) {
    return values.getOrDefault(key, fallback);
  }

  /** Everything not under {@code slipstream.}: handed to Kafka Streams as is. */
  public Map<String, String> kafkaSettings() {
    Map<String, String> kafka = new HashMap<>();
    values.forEach(
        (key, value) -> {
          if (!key.startsWith("slipstream.")) {
            kafka.put(key, value);
          }
        });
    return kafka;
  }

  public Map<String, String> asMap() {
    return values;
  }

  /** Every setting, sorted, with secrets (passwords, JAAS configuration, the token) hidden. */
  @Override
  public String toString() {
    return SecretSettings.masked(values).toString();
  }
}
