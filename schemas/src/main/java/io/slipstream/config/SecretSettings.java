package io.slipstream.config;

import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Which configuration values are secrets, and a copy of a configuration fit for logs with them
 * hidden. Every Slipstream component that prints its configuration prints it through {@link
 * #masked}, so passwords, JAAS configurations (which embed passwords), private keys, bearer tokens
 * and registry credentials never reach a log.
 */
public final class SecretSettings {
  /** What a secret's value is replaced by; the same text Kafka's own clients use. */
  public static final String HIDDEN = "[hidden]";

  private static final String[] SECRET_KEY_PARTS = {
    "password", "jaas", "secret", "token", "credential", "user.info", "keystore.key", "private"
  };

  private SecretSettings() {}

  /**
   * Whether the value of {@code key} must not be shown: keys naming a password ({@code
   * ssl.truststore.password}), a JAAS configuration ({@code sasl.jaas.config}), a secret, a token
   * ({@code slipstream.http.token}), credentials or user info ({@code basic.auth.user.info}), or a
   * private key ({@code ssl.keystore.key}). Case and separators ({@code _} for {@code .}) do not
   * matter, so environment variable names are recognised too.
   */
  public static boolean isSecret(String key) {
    String normalised = key.toLowerCase(Locale.ROOT).replace('_', '.');
    for (String part : SECRET_KEY_PARTS) {
      if (normalised.contains(part)) {
        return true;
      }
    }
    return false;
  }

  /** A sorted copy of {@code settings} with every secret value replaced by {@value #HIDDEN}. */
  public static Map<String, String> masked(Map<String, ?> settings) {
    Map<String, String> copy = new TreeMap<>();
    settings.forEach((key, value) -> copy.put(key, isSecret(key) ? HIDDEN : String.valueOf(value)));
    return copy;
  }
}
