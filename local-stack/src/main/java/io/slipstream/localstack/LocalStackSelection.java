package io.slipstream.localstack;

import java.util.Locale;
import java.util.Map;

/**
 * Which kind of {@link LocalStack} the environment asks for; a pure function of the environment.
 *
 * <p>Precedence:
 *
 * <ol>
 *   <li>{@value #BOOTSTRAP_SERVERS_ENV} and {@value #SCHEMA_REGISTRY_URL_ENV} both set: {@link
 *       Kind#EXTERNAL}, nothing is started (one without the other is an error);
 *   <li>{@value #KIND_ENV} = {@code embedded} or {@code testcontainers}: that kind;
 *   <li>otherwise ({@code auto} or unset): {@link Kind#AUTO}, i.e. Testcontainers if a Docker
 *       engine answers, else embedded.
 * </ol>
 *
 * @param kind the kind asked for
 * @param bootstrapServers for {@link Kind#EXTERNAL} only, else {@code null}
 * @param schemaRegistryUrl for {@link Kind#EXTERNAL} only, else {@code null}; no trailing slash
 */
public record LocalStackSelection(Kind kind, String bootstrapServers, String schemaRegistryUrl) {

  /** Bootstrap servers of an existing Kafka cluster to test against. */
  public static final String BOOTSTRAP_SERVERS_ENV = "SLIPSTREAM_TEST_BOOTSTRAP_SERVERS";

  /** Base URL of an existing Confluent-compatible schema registry to test against. */
  public static final String SCHEMA_REGISTRY_URL_ENV = "SLIPSTREAM_TEST_SCHEMA_REGISTRY_URL";

  /** Forces a kind: {@code embedded}, {@code testcontainers} or {@code auto} (the default). */
  public static final String KIND_ENV = "SLIPSTREAM_LOCAL_STACK";

  /** The ways to obtain a stack. */
  public enum Kind {
    /** Addresses from the environment; nothing is started or stopped. */
    EXTERNAL,
    /** Kafka and Confluent Schema Registry containers. */
    TESTCONTAINERS,
    /** In-process KRaft broker and Apicurio child JVM. */
    EMBEDDED,
    /** Testcontainers when a Docker engine is reachable, else embedded. */
    AUTO
  }

  /**
   * Reads the selection from an environment map.
   *
   * @throws IllegalArgumentException if only one of the external addresses is set, or {@value
   *     #KIND_ENV} has an unknown value; the message names the variable
   */
  public static LocalStackSelection fromEnvironment(Map<String, String> environment) {
    String bootstrapServers = nonBlank(environment.get(BOOTSTRAP_SERVERS_ENV));
    String registryUrl = nonBlank(environment.get(SCHEMA_REGISTRY_URL_ENV));
    if (bootstrapServers != null && registryUrl != null) {
      return new LocalStackSelection(
          Kind.EXTERNAL, bootstrapServers, stripTrailingSlash(registryUrl));
    }
    if (bootstrapServers != null || registryUrl != null) {
      String missing = bootstrapServers == null ? BOOTSTRAP_SERVERS_ENV : SCHEMA_REGISTRY_URL_ENV;
      throw new IllegalArgumentException(
          "An external stack needs both "
              + BOOTSTRAP_SERVERS_ENV
              + " and "
              + SCHEMA_REGISTRY_URL_ENV
              + "; "
              + missing
              + " is not set");
    }
    String kind = nonBlank(environment.get(KIND_ENV));
    if (kind == null) {
      return new LocalStackSelection(Kind.AUTO, null, null);
    }
    switch (kind.toLowerCase(Locale.ROOT)) {
      case "auto":
        return new LocalStackSelection(Kind.AUTO, null, null);
      case "embedded":
        return new LocalStackSelection(Kind.EMBEDDED, null, null);
      case "testcontainers":
        return new LocalStackSelection(Kind.TESTCONTAINERS, null, null);
      default:
        throw new IllegalArgumentException(
            KIND_ENV + "=" + kind + " is not one of auto, embedded, testcontainers");
    }
  }

  private static String nonBlank(String value) {
    return value == null || value.isBlank() ? null : value.trim();
  }

  private static String stripTrailingSlash(String url) {
    return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
  }
}
