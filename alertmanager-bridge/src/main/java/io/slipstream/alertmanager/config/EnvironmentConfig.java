package io.slipstream.alertmanager.config;

import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Turns environment variables into configuration keys, as the processor does: {@code KAFKA_*} →
 * Kafka client settings ({@code KAFKA_BOOTSTRAP_SERVERS} → {@code bootstrap.servers}), {@code
 * SLIPSTREAM_*} → {@code slipstream.*} ({@code SLIPSTREAM_ALERTMANAGER_URL} → {@code
 * slipstream.alertmanager.url}). Underscores become dots; a double underscore stands for a literal
 * underscore. Two short names are understood too, and lose to their {@code SLIPSTREAM_} forms:
 * {@code ALERTMANAGER_URL} and {@code SCHEMA_REGISTRY_URL}. Pure, so it is tested on plain maps.
 */
public final class EnvironmentConfig {
  private static final String KAFKA_PREFIX = "KAFKA_";
  private static final String SLIPSTREAM_PREFIX = "SLIPSTREAM_";
  private static final Map<String, String> ALIASES =
      Map.of(
          "ALERTMANAGER_URL", BridgeConfig.ALERTMANAGER_URL,
          "SCHEMA_REGISTRY_URL", BridgeConfig.SCHEMA_REGISTRY_URL);

  private EnvironmentConfig() {}

  /** Returns the configuration the variables in {@code environment} set; others are ignored. */
  public static Map<String, String> parse(Map<String, String> environment) {
    Map<String, String> config = new TreeMap<>();
    ALIASES.forEach(
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
