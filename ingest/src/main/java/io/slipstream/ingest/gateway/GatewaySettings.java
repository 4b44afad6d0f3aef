package io.slipstream.ingest.gateway;

import java.time.Duration;
import java.util.Objects;

/**
 * How the gateway serves.
 *
 * @param host the address to bind, e.g. {@code 0.0.0.0} or {@code 127.0.0.1}
 * @param port the port, 0 for any free one
 * @param maxBodyBytes the largest request body accepted, after gzip inflation (413 above)
 * @param publishTimeout how long a request waits for Kafka's acknowledgements (503 after)
 * @param requestsPerSecondPerToken requests each token may make per second (429 above); 0 for no
 *     limit
 */
public record GatewaySettings(
    String host,
    int port,
    long maxBodyBytes,
    Duration publishTimeout,
    int requestsPerSecondPerToken) {

  /** 5 MiB: the default body limit. */
  public static final long DEFAULT_MAX_BODY_BYTES = 5L * 1024 * 1024;

  public GatewaySettings {
    Objects.requireNonNull(host, "host");
    Objects.requireNonNull(publishTimeout, "publishTimeout");
    if (port < 0 || port > 65_535) {
      throw new IllegalArgumentException("port must be in [0, 65535], was " + port);
    }
    if (maxBodyBytes <= 0) {
      throw new IllegalArgumentException("maxBodyBytes must be positive, was " + maxBodyBytes);
    }
    if (requestsPerSecondPerToken < 0) {
      throw new IllegalArgumentException("rate limit must not be negative");
    }
  }

  /** Loopback, any free port, 5 MiB bodies, 35 s publish timeout, no rate limit. */
  public static GatewaySettings loopbackDefaults() {
    return new GatewaySettings("127.0.0.1", 0, DEFAULT_MAX_BODY_BYTES, Duration.ofSeconds(35), 0);
  }

  /** Returns a copy with another body limit. */
  public GatewaySettings withMaxBodyBytes(long bytes) {
    return new GatewaySettings(host, port, bytes, publishTimeout, requestsPerSecondPerToken);
  }

  /** Returns a copy with another rate limit. */
  public GatewaySettings withRequestsPerSecondPerToken(int limit) {
    return new GatewaySettings(host, port, maxBodyBytes, publishTimeout, limit);
  }
}
