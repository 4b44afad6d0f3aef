package io.slipstream.serde;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * How to reach a Confluent-compatible schema registry ({@code mem://<scope>}: one held in the
 * process, see {@link InMemorySchemaRegistry}). Read from the same configuration keys as
 * Confluent's serdes, so existing client configuration carries over unchanged.
 *
 * @param urls one or more base URLs, tried in turn when one fails
 * @param basicAuthHeader the {@code Authorization} header value, if basic auth is configured
 * @param requestTimeout timeout of one HTTP request
 * @param maxRetries further attempts after a 5xx or I/O failure
 * @param retryBackoff wait before the first retry, doubled for each further one
 * @param cacheCapacity entries kept in each of the client's caches
 */
public record SchemaRegistrySettings(
    List<URI> urls,
    Optional<String> basicAuthHeader,
    Duration requestTimeout,
    int maxRetries,
    Duration retryBackoff,
    int cacheCapacity) {

  public static final String URL = "schema.registry.url";
  public static final String BASIC_AUTH_CREDENTIALS_SOURCE = "basic.auth.credentials.source";
  public static final String BASIC_AUTH_USER_INFO = "basic.auth.user.info";
  public static final String REQUEST_TIMEOUT_MS = "schema.registry.request.timeout.ms";
  public static final String MAX_RETRIES = "schema.registry.max.retries";
  public static final String RETRY_BACKOFF_MS = "schema.registry.retry.backoff.ms";
  public static final String CACHE_CAPACITY = "max.schemas.per.subject";

  public SchemaRegistrySettings {
    if (urls.isEmpty()) {
      throw new IllegalArgumentException(URL + " must name at least one registry URL");
    }
    urls = List.copyOf(urls);
  }

  /**
   * Settings for one URL with the defaults: 10 s timeout, 3 retries from 200 ms, 1000 cached
   * schemas.
   */
  public static SchemaRegistrySettings of(String url) {
    return fromConfig(Map.of(URL, url));
  }

  /**
   * Reads the settings from Kafka-style configuration.
   *
   * @throws IllegalArgumentException naming the key whose value is missing or malformed
   */
  public static SchemaRegistrySettings fromConfig(Map<String, ?> config) {
    Object rawUrls = config.get(URL);
    if (rawUrls == null || rawUrls.toString().isBlank()) {
      throw new IllegalArgumentException("missing required configuration " + URL);
    }
    List<URI> urls = new ArrayList<>();
    String userInfoFromUrl = null;
    for (String part : rawUrls.toString().split(",")) {
      String trimmed = part.trim();
      if (trimmed.isEmpty()) {
        continue;
      }
      URI uri = parseUrl(trimmed);
      if (uri.getUserInfo() != null) {
        userInfoFromUrl = uri.getUserInfo();
        uri = stripUserInfo(uri);
      }
      urls.add(uri);
    }
    String source = string(config, BASIC_AUTH_CREDENTIALS_SOURCE, "");
    Optional<String> userInfo =
        switch (source) {
          case "" -> Optional.empty();
          case "USER_INFO" -> Optional.of(requiredString(config, BASIC_AUTH_USER_INFO));
          case "URL" -> Optional.ofNullable(userInfoFromUrl);
          default ->
              throw new IllegalArgumentException(
                  BASIC_AUTH_CREDENTIALS_SOURCE
                      + " must be USER_INFO or URL, was '"
                      + source
                      + "'");
        };
    return new SchemaRegistrySettings(
        urls,
        userInfo.map(SchemaRegistrySettings::basicAuthHeader),
        Duration.ofMillis(positiveLong(config, REQUEST_TIMEOUT_MS, 10_000)),
        (int) nonNegativeLong(config, MAX_RETRIES, 3),
        Duration.ofMillis(nonNegativeLong(config, RETRY_BACKOFF_MS, 200)),
        (int) positiveLong(config, CACHE_CAPACITY, 1000));
  }

  private static URI parseUrl(String value) {
    try {
      URI uri = URI.create(value.endsWith("/") ? value.substring(0, value.length() - 1) : value);
      if (!"http".equals(uri.getScheme())
          && !"https".equals(uri.getScheme())
          && !InMemorySchemaRegistry.SCHEME.equals(uri.getScheme())) {
        throw new IllegalArgumentException(
            URL
                + " must be an http or https URL (or mem://<scope> in memory), was '"
                + value
                + "'");
      }
      return uri;
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(URL + " is not a valid URL: '" + value + "'", e);
    }
  }

  private static URI stripUserInfo(URI uri) {
    return URI.create(uri.toString().replace(uri.getRawUserInfo() + "@", ""));
  }

  private static String basicAuthHeader(String userInfo) {
    if (!userInfo.contains(":")) {
      throw new IllegalArgumentException(
          BASIC_AUTH_USER_INFO + " must be of the form user:password");
    }
    return "Basic " + Base64.getEncoder().encodeToString(userInfo.getBytes(StandardCharsets.UTF_8));
  }

  private static String string(Map<String, ?> config, String key, String fallback) {
    Object value = config.get(key);
    return value == null ? fallback : value.toString().trim();
  }

  private static String requiredString(Map<String, ?> config, String key) {
    String value = string(config, key, "");
    if (value.isEmpty()) {
      throw new IllegalArgumentException("missing required configuration " + key);
    }
    return value;
  }

  private static long positiveLong(Map<String, ?> config, String key, long fallback) {
    long value = nonNegativeLong(config, key, fallback);
    if (value == 0) {
      throw new IllegalArgumentException(key + " must be positive, was 0");
    }
    return value;
  }

  private static long nonNegativeLong(Map<String, ?> config, String key, long fallback) {
    Object value = config.get(key);
    if (value == null) {
      return fallback;
    }
    try {
      long parsed =
          value instanceof Number n ? n.longValue() : Long.parseLong(value.toString().trim());
      if (parsed < 0) {
        throw new IllegalArgumentException(key + " must not be negative, was " + parsed);
      }
      return parsed;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(key + " must be a whole number, was '" + value + "'", e);
    }
  }
}
