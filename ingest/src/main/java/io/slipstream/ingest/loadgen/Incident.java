package io.slipstream.ingest.loadgen;

import io.slipstream.contracts.DurationText;
import java.time.Duration;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * A scripted disturbance of one service (or {@code *}, all) during [start, start + duration) of
 * simulated time, measured from the start of the run.
 *
 * @param kind what happens
 * @param service the service it happens to, or {@code *} for every service
 * @param start when it starts, in simulated time since the run started
 * @param duration how long it lasts, in simulated time
 * @param magnitude the error ratio in [0, 1] of {@link Kind#ERROR_SPIKE} and the one {@link
 *     Kind#SLOW_BURN} ramps up to; the latency factor (≥ 1) of {@link Kind#LATENCY}; unused by
 *     {@link Kind#SILENCE}
 * @param customer the one customer (request attribute {@code customer}) it happens to, or null for
 *     every request of the service
 */
public record Incident(
    Kind kind,
    String service,
    Duration start,
    Duration duration,
    double magnitude,
    String customer) {

  /** An incident of every request of the service. */
  public Incident(Kind kind, String service, Duration start, Duration duration, double magnitude) {
    this(kind, service, start, duration, magnitude, null);
  }

  /** The kinds of incident the load generator plays. */
  public enum Kind {
    /** The error ratio jumps to {@code magnitude} at the start and drops back at the end. */
    ERROR_SPIKE("error-spike"),
    /** The error ratio climbs linearly from the baseline to {@code magnitude} over the duration. */
    SLOW_BURN("slow-burn"),
    /** Every latency is multiplied by {@code magnitude}. */
    LATENCY("latency"),
    /** The service sends nothing. */
    SILENCE("silence");

    private final String label;

    Kind(String label) {
      this.label = label;
    }

    /** Returns the name used in specifications, e.g. {@code error-spike}. */
    public String label() {
      return label;
    }
  }

  public Incident {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(service, "service");
    Objects.requireNonNull(start, "start");
    Objects.requireNonNull(duration, "duration");
    if ((kind == Kind.ERROR_SPIKE || kind == Kind.SLOW_BURN)
        && !(magnitude >= 0 && magnitude <= 1)) {
      throw new IllegalArgumentException(
          kind.label() + " needs error-ratio in [0, 1], was " + magnitude);
    }
    if (kind == Kind.LATENCY && !(magnitude >= 1)) {
      throw new IllegalArgumentException("latency needs factor >= 1, was " + magnitude);
    }
  }

  /**
   * Returns whether the incident concerns {@code serviceName} at {@code elapsed} simulated time.
   */
  public boolean isActive(String serviceName, Duration elapsed) {
    return customer == null && concerns(serviceName, elapsed);
  }

  /**
   * Returns whether the incident concerns a request of {@code customerName} (null: none) to {@code
   * serviceName} at {@code elapsed} simulated time.
   */
  public boolean isActive(String serviceName, String customerName, Duration elapsed) {
    return (customer == null || customer.equals(customerName)) && concerns(serviceName, elapsed);
  }

  private boolean concerns(String serviceName, Duration elapsed) {
    return (service.equals("*") || service.equals(serviceName))
        && elapsed.compareTo(start) >= 0
        && elapsed.compareTo(start.plus(duration)) < 0;
  }

  /**
   * Returns the fraction of the incident's duration that has passed at {@code elapsed}, in [0, 1].
   */
  public double progress(Duration elapsed) {
    if (duration.isZero()) {
      return 1;
    }
    double fraction = (double) elapsed.minus(start).toNanos() / duration.toNanos();
    return Math.min(1, Math.max(0, fraction));
  }

  /**
   * Parses {@code kind:key=value,...}, e.g. {@code
   * error-spike:service=checkout,start=10m,duration=15m,error-ratio=0.2}, {@code
   * latency:service=payments,start=0s,duration=5m,factor=4}, {@code
   * silence:service=catalog,start=1m,duration=2m}, {@code
   * slow-burn:service=*,start=0s,duration=6h,error-ratio=0.01}, {@code
   * error-spike:service=checkout,customer=initech,duration=10m,error-ratio=0.3}. {@code service}
   * defaults to {@code *}, {@code start} to 0, {@code customer} to every customer.
   *
   * @throws IllegalArgumentException naming what is wrong
   */
  public static Incident parse(String spec) {
    int colon = spec.indexOf(':');
    String kindText =
        (colon < 0 ? spec : spec.substring(0, colon)).strip().toLowerCase(Locale.ROOT);
    Kind kind = null;
    for (Kind candidate : Kind.values()) {
      if (candidate.label().equals(kindText)) {
        kind = candidate;
      }
    }
    if (kind == null) {
      throw new IllegalArgumentException(
          "unknown incident '" + kindText + "' (error-spike, slow-burn, latency, silence)");
    }
    Map<String, String> fields = new HashMap<>();
    if (colon >= 0 && colon < spec.length() - 1) {
      for (String pair : spec.substring(colon + 1).split(",")) {
        int eq = pair.indexOf('=');
        if (eq <= 0) {
          throw new IllegalArgumentException("'" + pair + "' in '" + spec + "' is not key=value");
        }
        fields.put(
            pair.substring(0, eq).strip().toLowerCase(Locale.ROOT), pair.substring(eq + 1).strip());
      }
    }
    String service = fields.getOrDefault("service", "*");
    Duration start = DurationText.parseNonNegative(fields.getOrDefault("start", "0s"));
    String durationText = fields.get("duration");
    if (durationText == null) {
      throw new IllegalArgumentException("incident '" + spec + "' needs duration=");
    }
    Duration duration = DurationText.parseNonNegative(durationText);
    double magnitude =
        switch (kind) {
          case ERROR_SPIKE, SLOW_BURN -> number(fields, "error-ratio", spec);
          case LATENCY -> number(fields, "factor", spec);
          case SILENCE -> 0;
        };
    return new Incident(kind, service, start, duration, magnitude, fields.get("customer"));
  }

  private static double number(Map<String, String> fields, String key, String spec) {
    String value = fields.get(key);
    if (value == null) {
      throw new IllegalArgumentException("incident '" + spec + "' needs " + key + "=");
    }
    try {
      return Double.parseDouble(value);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(key + "='" + value + "' is not a number", e);
    }
  }
}
