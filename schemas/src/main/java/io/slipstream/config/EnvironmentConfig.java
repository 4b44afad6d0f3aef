package io.slipstream.config;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Turns environment variables into configuration keys, the way container images are configured, for
 * every Slipstream component: {@code KAFKA_*} → Kafka client and Streams settings ({@code
 * KAFKA_BOOTSTRAP_SERVERS} → {@code bootstrap.servers}), {@code SLIPSTREAM_*} → {@code
 * slipstream.*} ({@code SLIPSTREAM_SCHEMA_REGISTRY_URL} → {@code slipstream.schema.registry.url}).
 * After the prefix, underscores become dots and a double underscore stands for a literal underscore
 * ({@code KAFKA_SASL__MECHANISM} → {@code sasl_mechanism}). Other variables are ignored, except
 * short aliases a component declares ({@code ALERTMANAGER_URL}), which lose to their prefixed
 * forms. Pure: it reads a map, never the process environment.
 */
public final class EnvironmentConfig {
  private static final String KAFKA_PREFIX = "KAFKA_";
  private static final String SLIPSTREAM_PREFIX = "SLIPSTREAM_";
  private static final EnvironmentConfig STANDARD = new EnvironmentConfig(Map.of());

  private final Map<String, String> aliases;

  private EnvironmentConfig(Map<String, String> aliases) {
    this.aliases = aliases;
  }

  /** The {@code KAFKA_*} and {@code SLIPSTREAM_*} mapping, without aliases. */
  public static EnvironmentConfig standard() {
    return STANDARD;
  }

  /** The configuration {@link #standard()} reads from {@code environment}. */
  public static Map<String, String> parse(Map<String, String> environment) {
    return STANDARD.keys(environment);
  }

  /**
   * This mapping with variable {@code variable} also setting {@code key} when it is set and not
   * blank; the prefixed variable of the same key, if set, wins over it.
   */
  public EnvironmentConfig withAlias(String variable, String key) {
    Map<String, String> more = new LinkedHashMap<>(aliases);
    more.put(variable, key);
    return new EnvironmentConfig(Map.copyOf(more));
  }

  /** The configuration the variables in {@code environment} set; others are ignored. */
  public Map<String, String> keys(Map<String, String> environment) {
    Map<String, String> config = new TreeMap<>();
    aliases.forEach(
        (variable, key) -> {
          String value = environment.get(variable);
          if (value != null && !value.isBlank()) {
            config.put(key, value);
          }
        });
    environment.forEach(
        (name, value) -> {
          if (name.startsWith(KAFKA_PREFIX) && name.length() > KAFKA_PREFIX.length()) {
            config.put(toKey(name.substring(KAFKA_PREFIX.length())), value);
          } else if (name.startsWith(SLIPSTREAM_PREFIX)
              && name.length() > SLIPSTREAM_PREFIX.length()) {
            config.put("slipstream." + toKey(name.substring(SLIPSTREAM_PREFIX.length())), value);
          }
        });
    return config;
  }

  private static String toKey(String variable) {
    return variable
        .toLowerCase(Locale.ROOT)
        .replace("__", "\u0000")
        .replace('_', '.')
        .replace('\u0000', '_');
  }
}
