package io.slipstream.alertmanager.config;

import io.slipstream.alertmanager.delivery.Backoff;
import io.slipstream.config.SecretSettings;
import java.io.IOException;
import java.io.Reader;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

/**
 * The bridge's configuration, assembled from flat string keys with one precedence: built-in
 * defaults &lt; properties file &lt; environment (see {@link EnvironmentConfig}) &lt; command line.
 * Keys starting with {@code slipstream.} are the bridge's own; all others (security settings
 * included) go to the Kafka clients and the schema-registry client unchanged.
 *
 * @param kafka settings for the Kafka clients and the serde, e.g. {@code bootstrap.servers}, {@code
 *     group.id}
 * @param schemaRegistryUrl the Confluent-compatible registry the alerts' schemas are in
 * @param topics the alert topic and its dead-letter topic
 * @param alertmanagerUrls every Alertmanager to send to (each gets every alert)
 * @param resendInterval how often firing alerts are sent again; Alertmanager resolves a firing
 *     alert {@link #firingTtl()} after the last time it got it
 * @param requestTimeout the bound on one request to one Alertmanager
 * @param backoff the waits between attempts of one delivery
 * @param pause how long an Alertmanager that failed {@code 5} times in a row gets no requests
 * @param generatorUrlTemplate the alerts' {@code generatorURL} with {@code {slo}} for the SLO id,
 *     or null
 */
public record BridgeConfig(
    Map<String, String> kafka,
    String schemaRegistryUrl,
    BridgeTopics topics,
    List<URI> alertmanagerUrls,
    Duration resendInterval,
    Duration requestTimeout,
    Backoff backoff,
    Duration pause,
    String generatorUrlTemplate) {

  public static final String SCHEMA_REGISTRY_URL = "slipstream.schema.registry.url";
  public static final String ALERTMANAGER_URL = "slipstream.alertmanager.url";
  public static final String ALERTS_TOPIC = "slipstream.alerts.topic";
  public static final String ALERTS_DLQ_TOPIC = "slipstream.alerts.dlq.topic";
  public static final String RESEND_INTERVAL = "slipstream.resend.interval";
  public static final String REQUEST_TIMEOUT = "slipstream.alertmanager.request.timeout";
  public static final String RETRY_INITIAL_BACKOFF = "slipstream.retry.initial.backoff";
  public static final String RETRY_MAX_BACKOFF = "slipstream.retry.max.backoff";
  public static final String PAUSE = "slipstream.alertmanager.pause";
  public static final String GENERATOR_URL = "slipstream.generator.url";

  /**
   * Firing alerts end this many re-send intervals after they were last sent, as in Prometheus: a
   * few re-sends may fail before Alertmanager resolves anything.
   */
  public static final int TTL_IN_RESEND_INTERVALS = 4;

  private static final String DEFAULT_GROUP_ID = "slipstream-alertmanager-bridge";

  public BridgeConfig {
    kafka = Map.copyOf(kafka);
    alertmanagerUrls = List.copyOf(alertmanagerUrls);
    if (alertmanagerUrls.isEmpty()) {
      throw new IllegalArgumentException(
          ALERTMANAGER_URL + " (or ALERTMANAGER_URL) must name at least one Alertmanager");
    }
    if (!kafka.containsKey("bootstrap.servers") || !kafka.containsKey("group.id")) {
      throw new IllegalArgumentException("bootstrap.servers and group.id must be set");
    }
  }

  /** The configuration with secrets in the Kafka settings (passwords, JAAS) hidden, for logs. */
  @Override
  public String toString() {
    return "BridgeConfig[kafka="
        + SecretSettings.masked(kafka)
        + ", schemaRegistryUrl="
        + schemaRegistryUrl
        + ", topics="
        + topics
        + ", alertmanagerUrls="
        + alertmanagerUrls
        + ", resendInterval="
        + resendInterval
        + ", requestTimeout="
        + requestTimeout
        + ", backoff="
        + backoff
        + ", pause="
        + pause
        + ", generatorUrlTemplate="
        + generatorUrlTemplate
        + "]";
  }

  /** How long a firing alert stays active in Alertmanager after it was last sent. */
  public Duration firingTtl() {
    return resendInterval.multipliedBy(TTL_IN_RESEND_INTERVALS);
  }

  /** The serde's configuration: every Kafka setting plus {@code schema.registry.url}. */
  public Map<String, Object> serdeConfig() {
    Map<String, Object> serde = new HashMap<>(kafka);
    serde.put("schema.registry.url", schemaRegistryUrl);
    return serde;
  }

  /**
   * Reads the command line ({@code [--config file.properties] [key=value ...]}) and layers it over
   * {@code environment}, the file and the defaults.
   *
   * @throws IllegalArgumentException for an unknown argument or a bad value, naming it
   * @throws IOException if the properties file cannot be read
   */
  public static BridgeConfig load(String[] args, Map<String, String> environment)
      throws IOException {
    Path file = null;
    Map<String, String> commandLine = new TreeMap<>();
    for (int i = 0; i < args.length; i++) {
      if (args[i].equals("--config") && i + 1 < args.length) {
        file = Path.of(args[++i]);
      } else if (args[i].indexOf('=') > 0) {
        int equals = args[i].indexOf('=');
        commandLine.put(args[i].substring(0, equals), args[i].substring(equals + 1));
      } else {
        throw new IllegalArgumentException(
            "unknown argument '" + args[i] + "'; expected --config FILE or key=value");
      }
    }
    Map<String, String> merged = new HashMap<>();
    if (file != null) {
      Properties properties = new Properties();
      try (Reader reader = Files.newBufferedReader(file)) {
        properties.load(reader);
      }
      properties
          .stringPropertyNames()
          .forEach(name -> merged.put(name, properties.getProperty(name)));
    }
    merged.putAll(EnvironmentConfig.parse(environment));
    merged.putAll(commandLine);
    return fromMap(merged);
  }

  /**
   * Builds the configuration from flat keys over the defaults.
   *
   * @throws IllegalArgumentException naming the first missing or malformed key
   */
  public static BridgeConfig fromMap(Map<String, String> values) {
    Map<String, String> all = new HashMap<>(values);
    all.putIfAbsent("bootstrap.servers", "127.0.0.1:9092");
    all.putIfAbsent("group.id", DEFAULT_GROUP_ID);
    all.putIfAbsent(SCHEMA_REGISTRY_URL, "http://127.0.0.1:8081");
    all.putIfAbsent(ALERTS_TOPIC, BridgeTopics.SLO_ALERTS);
    all.putIfAbsent(ALERTS_DLQ_TOPIC, BridgeTopics.SLO_ALERTS_DLQ);
    all.putIfAbsent(RESEND_INTERVAL, "1m");
    all.putIfAbsent(REQUEST_TIMEOUT, "10s");
    all.putIfAbsent(RETRY_INITIAL_BACKOFF, "500ms");
    all.putIfAbsent(RETRY_MAX_BACKOFF, "30s");
    all.putIfAbsent(PAUSE, "30s");

    Map<String, String> kafka = new TreeMap<>();
    all.forEach(
        (key, value) -> {
          if (!key.startsWith("slipstream.")) {
            kafka.put(key, value);
          }
        });
    Duration resendInterval = positive(all, RESEND_INTERVAL);
    return new BridgeConfig(
        kafka,
        all.get(SCHEMA_REGISTRY_URL),
        new BridgeTopics(all.get(ALERTS_TOPIC), all.get(ALERTS_DLQ_TOPIC)),
        urls(all.get(ALERTMANAGER_URL)),
        resendInterval,
        positive(all, REQUEST_TIMEOUT),
        new Backoff(positive(all, RETRY_INITIAL_BACKOFF), positive(all, RETRY_MAX_BACKOFF)),
        positive(all, PAUSE),
        all.get(GENERATOR_URL));
  }

  private static Duration positive(Map<String, String> values, String key) {
    Duration duration = Durations.parse(key, values.get(key));
    if (duration.isNegative() || duration.isZero()) {
      throw new IllegalArgumentException(key + " must be positive, was " + values.get(key));
    }
    return duration;
  }

  /** Parses a comma-separated list of http(s) URLs. */
  static List<URI> urls(String text) {
    List<URI> urls = new ArrayList<>();
    if (text == null) {
      return urls;
    }
    for (String part : text.split(",")) {
      String trimmed = part.trim();
      if (trimmed.isEmpty()) {
        continue;
      }
      try {
        URI uri = new URI(trimmed);
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if ((!scheme.equals("http") && !scheme.equals("https")) || uri.getHost() == null) {
          throw new IllegalArgumentException(
              ALERTMANAGER_URL + " must hold http(s)://host:port URLs, was '" + trimmed + "'");
        }
        urls.add(uri);
      } catch (URISyntaxException e) {
        throw new IllegalArgumentException(
            ALERTMANAGER_URL + " holds a malformed URL '" + trimmed + "'", e);
      }
    }
    return urls;
  }
}
