package io.slipstream.bench;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;

/**
 * Named settings of a command line ({@code --name=value}) layered over system properties ({@code
 * -D<prefix>name=value}): command line wins. Pure apart from what it is given.
 */
final class Flags {
  private final Map<String, String> values;

  private Flags(Map<String, String> values) {
    this.values = Map.copyOf(values);
  }

  /**
   * Parses {@code args} over the system properties that start with {@code prefix} (prefix
   * stripped).
   *
   * @throws IllegalArgumentException for an argument not of the form {@code --name=value} or {@code
   *     --name} (which means {@code --name=true})
   */
  static Flags parse(String[] args, Properties systemProperties, String prefix) {
    Map<String, String> values = new LinkedHashMap<>();
    for (String name : systemProperties.stringPropertyNames()) {
      if (name.startsWith(prefix)) {
        values.put(name.substring(prefix.length()), systemProperties.getProperty(name));
      }
    }
    for (String arg : args) {
      if (!arg.startsWith("--") || arg.length() == 2) {
        throw new IllegalArgumentException("expected --name=value, got '" + arg + "'");
      }
      int equals = arg.indexOf('=');
      if (equals < 0) {
        values.put(arg.substring(2), "true");
      } else {
        values.put(arg.substring(2, equals), arg.substring(equals + 1));
      }
    }
    return new Flags(values);
  }

  /** Parses the command line alone. */
  static Flags parse(String[] args) {
    return parse(args, new Properties(), "\0");
  }

  String string(String name, String fallback) {
    return values.getOrDefault(name, fallback);
  }

  /**
   * @throws IllegalArgumentException if {@code name} is missing
   */
  String required(String name) {
    String value = values.get(name);
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException("missing --" + name + "=...");
    }
    return value;
  }

  /** A whole number; underscores allowed ({@code 5_000_000}). */
  long longValue(String name, long fallback) {
    String value = values.get(name);
    if (value == null) {
      return fallback;
    }
    try {
      return Long.parseLong(value.replace("_", "").trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "--" + name + " must be a whole number, was '" + value + "'", e);
    }
  }

  /** A duration in whole seconds. */
  Duration seconds(String name, Duration fallback) {
    long seconds = longValue(name, fallback.toSeconds());
    if (seconds < 0) {
      throw new IllegalArgumentException("--" + name + " must not be negative, was " + seconds);
    }
    return Duration.ofSeconds(seconds);
  }

  boolean bool(String name, boolean fallback) {
    String value = values.get(name);
    if (value == null) {
      return fallback;
    }
    return switch (value.trim().toLowerCase(java.util.Locale.ROOT)) {
      case "true", "yes", "1" -> true;
      case "false", "no", "0" -> false;
      default ->
          throw new IllegalArgumentException(
              "--" + name + " must be true or false, was '" + value + "'");
    };
  }
}
