package io.slipstream.processor.app;

import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Turns environment variables into configuration keys, the way container images are configured:
 * {@code KAFKA_BOOTSTRAP_SERVERS} → {@code bootstrap.servers} (any Kafka client or Streams setting,
 * passed through), {@code SLIPSTREAM_SCHEMA_REGISTRY_URL} → {@code slipstream.schema.registry.url}.
 * Underscores become dots; a double underscore stands for a literal underscore. Pure, so it is
 * tested on plain maps.
 */
public final class EnvironmentConfig {
  private static final String KAFKA_PREFIX = "KAFKA_";
  private static final String SLIPSTREAM_PREFIX = "SLIPSTREAM_";

  private EnvironmentConfig() {}

  /** The configuration the variables in {@code environment} set; others are ignored. */
  public static Map<String, String> parse(Map<String, String> environment) {
    Map<String, String> config = new TreeMap<>();
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
