package io.slipstream.ingest.gateway;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The gateway's API tokens and the services each may write.
 *
 * <p>Tokens are kept only as SHA-256 digests and looked up by digest, so neither a heap dump nor
 * the timing of a comparison reveals them. Clients send {@code Authorization: Bearer <token>}.
 */
public final class ApiTokens {

  /** What one token may do. */
  public record Grant(String name, Set<String> services) {

    /** Returns whether the token may write events of {@code service}. */
    public boolean allows(String service) {
      return services.contains("*") || services.contains(service);
    }
  }

  private final Map<String, Grant> grantsByDigest;

  private ApiTokens(Map<String, Grant> grantsByDigest) {
    this.grantsByDigest = Map.copyOf(grantsByDigest);
  }

  /** Returns an empty set of tokens: every request is unauthorised. */
  public static ApiTokens none() {
    return new ApiTokens(Map.of());
  }

  /**
   * Parses {@code token=service,service;token=*}: tokens separated by {@code ;}, each followed by
   * the services it may write ({@code *} for all). Whitespace around parts is ignored.
   *
   * @throws IllegalArgumentException naming the malformed entry (never the token itself)
   */
  public static ApiTokens parse(String spec) {
    Map<String, Grant> grants = new HashMap<>();
    int index = 0;
    for (String entry : spec.split(";")) {
      if (entry.isBlank()) {
        continue;
      }
      index++;
      int eq = entry.indexOf('=');
      if (eq <= 0) {
        throw new IllegalArgumentException("token entry " + index + " is not token=services");
      }
      String token = entry.substring(0, eq).strip();
      Set<String> services = new LinkedHashSet<>();
      for (String service : entry.substring(eq + 1).split(",")) {
        if (!service.isBlank()) {
          services.add(service.strip());
        }
      }
      if (token.isEmpty() || services.isEmpty()) {
        throw new IllegalArgumentException("token entry " + index + " needs a token and services");
      }
      grants.put(digest(token), new Grant("token-" + index, Set.copyOf(services)));
    }
    return new ApiTokens(grants);
  }

  /**
   * Returns the grant of the bearer token in an {@code Authorization} header value, or empty when
   * the header is missing, not a bearer token, or the token is unknown.
   */
  public Optional<Grant> authenticate(String authorizationHeader) {
    if (authorizationHeader == null) {
      return Optional.empty();
    }
    String value = authorizationHeader.strip();
    if (value.length() < 7 || !value.regionMatches(true, 0, "Bearer ", 0, 7)) {
      return Optional.empty();
    }
    String token = value.substring(7).strip();
    if (token.isEmpty()) {
      return Optional.empty();
    }
    return Optional.ofNullable(grantsByDigest.get(digest(token)));
  }

  private static String digest(String token) {
    try {
      byte[] hash =
          MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
      String hex = HexFormat.of().formatHex(hash);
      Arrays.fill(hash, (byte) 0);
      return hex;
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
    }
  }
}
