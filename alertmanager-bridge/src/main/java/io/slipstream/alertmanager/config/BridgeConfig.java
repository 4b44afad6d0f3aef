package io.slipstream.alertmanager.config;

import io.slipstream.alertmanager.delivery.Backoff;
import io.slipstream.config.ConfigLoader;
import io.slipstream.config.EnvironmentConfig;
import io.slipstream.config.SecretSettings;
import io.slipstream.contracts.DurationText;
import io.slipstream.contracts.Topics;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The bridge's configuration, assembled from flat string keys by {@link ConfigLoader} with the
 * precedence every Slipstream component has: built-in defaults &lt; properties file &lt;
 * environment (see {@link #ENVIRONMENT}) &lt; command line. Keys starting with {@code slipstream.}
 * are the bridge's own; all others (security settings included) go to the Kafka clients and the
 * schema-registry client unchanged. Durations are read by {@link DurationText#parse} ({@code 30s},
 * {@code 5m}, {@code PT30S}).
 *
 * @param kafka settings for the Kafka clients and the serde, e.g. {@code bootstrap.servers}, {@code
 *     group.id}
 * @param schemaRegistryUrl the Confluent-compatible registry the alerts' schemas are in
 * @param topics the alert topic and its dead-letter topic: {@value #TOPIC_PREFIX} followed by the
 *     standard names ({@code slo-alerts}, {@code slo-alerts-dlq}), unless {@value #ALERTS_TOPIC} or
 *     {@value #ALERTS_DLQ_TOPIC} name one in full (the prefix is not added to those)
 * @param alertmanagerUrls every Alertmanager to send to (each gets every alert)
 * @param resendInterval how often firing alerts are sent again; Alertmanager resolves a firing
 *     alert {@link #firingTtl()} after the last time it got it
 * @param requestTimeout the bound on one request to one Alertmanager
 * @param backoff the waits between attempts of one delivery
 * @param pause how long an Alertmanager that failed {@code 5} times in a row gets no requests
 * @param generatorUrlTemplate the alerts' {@code generatorURL} with {@code {slo}} for the SLO id
 *     and {@code {group}} for an instance's group key (both URL-encoded), or null
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

  /**
   * Put before the standard topic names, as the processor's key of the same name does: a bridge and
   * a processor configured with one prefix find each other's topics.
   */
  public static final String TOPIC_PREFIX = "slipstream.topic.prefix";

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

  /**
   * The standard {@code KAFKA_*} and {@code SLIPSTREAM_*} variables, and two short names that lose
   * to their {@code SLIPSTREAM_} forms: {@code ALERTMANAGER_URL} and {@code SCHEMA_REGISTRY_URL}.
   */
  public static final EnvironmentConfig ENVIRONMENT =
      EnvironmentConfig.standard()
          .withAlias("ALERTMANAGER_URL", ALERTMANAGER_URL)
          .withAlias("SCHEMA_REGISTRY_URL", SCHEMA_REGISTRY_URL);

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
    // Defaults are filled by fromMap, which tests and embedders call without the other layers.
    return fromMap(
        ConfigLoader.withDefaults(Map.of()).withEnvironment(ENVIRONMENT).load(args, environment));
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
    all.putIfAbsent(TOPIC_PREFIX, "");
    BridgeTopics standard = BridgeTopics.from(Topics.withPrefix(all.get(TOPIC_PREFIX)));
    all.putIfAbsent(ALERTS_TOPIC, standard.alerts().name());
    all.putIfAbsent(ALERTS_DLQ_TOPIC, standard.deadLetters().name());
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
        standard.named(all.get(ALERTS_TOPIC), all.get(ALERTS_DLQ_TOPIC)),
        urls(all.get(ALERTMANAGER_URL)),
        resendInterval,
        positive(all, REQUEST_TIMEOUT),
        new Backoff(positive(all, RETRY_INITIAL_BACKOFF), positive(all, RETRY_MAX_BACKOFF)),
        positive(all, PAUSE),
        all.get(GENERATOR_URL));
  }

  private static Duration positive(Map<String, String> values, String key) {
    try {
      return DurationText.parse(values.get(key));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(key + ": " + e.getMessage(), e);
    }
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
