package io.slipstream.ingest.gateway;

import io.slipstream.config.EnvironmentConfig;
import io.slipstream.contracts.Topics;
import io.slipstream.ingest.IngestTopics;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;

/**
 * The gateway's configuration, read from environment variables (defaults in brackets):
 *
 * <ul>
 *   <li>{@code KAFKA_BOOTSTRAP_SERVERS} (required), {@code SCHEMA_REGISTRY_URL} (required);
 *   <li>any other {@code KAFKA_*} variable: a setting of the gateway's Kafka producer (see {@link
 *       #kafkaClientProperties}), e.g. {@code KAFKA_SECURITY_PROTOCOL=SASL_SSL}, {@code
 *       KAFKA_SASL_MECHANISM=SCRAM-SHA-512}, {@code KAFKA_SASL_JAAS_CONFIG=...}, {@code
 *       KAFKA_SSL_TRUSTSTORE_LOCATION=...};
 *   <li>{@code SLIPSTREAM_GATEWAY_TOKENS} (required): {@code token=service,service;token=*};
 *   <li>{@code SLIPSTREAM_GATEWAY_HOST} [0.0.0.0], {@code SLIPSTREAM_GATEWAY_PORT} [8088];
 *   <li>{@code SLIPSTREAM_GATEWAY_MAX_BODY_BYTES} [5242880];
 *   <li>{@code SLIPSTREAM_GATEWAY_RATE_LIMIT}: requests per second per token [0 = none];
 *   <li>{@code SLIPSTREAM_REQUEST_EVENTS_TOPIC} [request-events], {@code
 *       SLIPSTREAM_RESOURCE_SAMPLES_TOPIC} [resource-samples].
 * </ul>
 */
public record GatewayConfig(
    String bootstrapServers,
    String schemaRegistryUrl,
    ApiTokens tokens,
    IngestTopics topics,
    GatewaySettings settings) {

  /**
   * Reads the configuration from {@code env} (pass {@code System.getenv()}).
   *
   * @throws IllegalArgumentException naming the missing or malformed variable
   */
  public static GatewayConfig fromEnvironment(Map<String, String> env) {
    GatewaySettings settings =
        new GatewaySettings(
            env.getOrDefault("SLIPSTREAM_GATEWAY_HOST", "0.0.0.0"),
            integer(env, "SLIPSTREAM_GATEWAY_PORT", 8088),
            integer(
                env,
                "SLIPSTREAM_GATEWAY_MAX_BODY_BYTES",
                (int) GatewaySettings.DEFAULT_MAX_BODY_BYTES),
            KafkaEventPublisher.DELIVERY_TIMEOUT.plus(Duration.ofSeconds(5)),
            integer(env, "SLIPSTREAM_GATEWAY_RATE_LIMIT", 0));
    return new GatewayConfig(
        required(env, "KAFKA_BOOTSTRAP_SERVERS"),
        required(env, "SCHEMA_REGISTRY_URL"),
        ApiTokens.parse(required(env, "SLIPSTREAM_GATEWAY_TOKENS")),
        IngestTopics.named(
            env.getOrDefault("SLIPSTREAM_REQUEST_EVENTS_TOPIC", Topics.REQUEST_EVENTS),
            env.getOrDefault("SLIPSTREAM_RESOURCE_SAMPLES_TOPIC", Topics.RESOURCE_SAMPLES)),
        settings);
  }

  /**
   * The Kafka client settings in {@code env}: every {@code KAFKA_*} variable but {@code
   * KAFKA_BOOTSTRAP_SERVERS}, named as Kafka names them: the prefix dropped, lowercase, {@code _}
   * for {@code .} and {@code __} for a literal {@code _} ({@code KAFKA_SASL_JAAS_CONFIG} → {@code
   * sasl.jaas.config}), the mapping every Slipstream component applies ({@link EnvironmentConfig}).
   * This is how security settings reach the producer.
   */
  public static Map<String, String> kafkaClientProperties(Map<String, String> env) {
    Map<String, String> properties = new TreeMap<>(EnvironmentConfig.parse(env));
    properties
        .keySet()
        .removeIf(key -> key.startsWith("slipstream.") || key.equals("bootstrap.servers"));
    return properties;
  }

  private static String required(Map<String, String> env, String name) {
    String value = env.get(name);
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException(name + " is required");
    }
    return value;
  }

  private static int integer(Map<String, String> env, String name, int fallback) {
    String value = env.get(name);
    if (value == null || value.isBlank()) {
      return fallback;
    }
    try {
      return Integer.parseInt(value.strip());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(name + " must be an integer, was '" + value + "'", e);
    }
  }
}
