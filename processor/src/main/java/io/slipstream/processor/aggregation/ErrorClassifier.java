package io.slipstream.processor.aggregation;

import io.slipstream.avro.Outcome;
import io.slipstream.avro.RequestEvent;
import java.util.Arrays;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * Decides whether a request counts as an error for the availability SLI. Immutable and thread-safe.
 *
 * <p>Rules, first match wins:
 *
 * <ol>
 *   <li>a status code in {@link Builder#ignoredStatusCodes ignored status codes} is never an error,
 *       whatever the outcome (for example 501 from an endpoint that is deliberately not
 *       implemented);
 *   <li>a status code in {@link Builder#errorStatusCodes extra error status codes} is an error (for
 *       example 429 when rate limiting means the service is out of capacity);
 *   <li>outcome {@code ERROR} or {@code TIMEOUT} is an error;
 *   <li>a 5xx status code is an error, even with outcome {@code SUCCESS}: either signal saying
 *       "server failed" is enough;
 *   <li>outcome {@code CLIENT_ERROR} or a 4xx status code is an error only when {@link
 *       Builder#clientErrorsAreErrors} is set (default: not, the caller sent a bad request and the
 *       service behaved correctly);
 *   <li>everything else ({@code SUCCESS}, {@code CANCELLED}, {@code UNKNOWN}, 1xx–3xx or no status)
 *       is not an error. Cancellations are the client giving up, which SRE practice does not charge
 *       to the service's budget; a slow service that causes them shows up in the latency SLI.
 * </ol>
 *
 * <p>Status codes are looked up in a 600-entry table built once, so classification is a few array
 * reads with no allocation or boxing per event.
 */
public final class ErrorClassifier {

  /** Smallest HTTP status code accepted in the configuration. */
  public static final int MIN_STATUS_CODE = 100;

  /** Largest HTTP status code accepted in the configuration. */
  public static final int MAX_STATUS_CODE = 599;

  private static final ErrorClassifier DEFAULTS = builder().build();

  private static final byte BY_RULES = 0;
  private static final byte ALWAYS_ERROR = 1;
  private static final byte NEVER_ERROR = 2;

  private final boolean clientErrorsAreErrors;
  private final Set<Integer> errorStatusCodes;
  private final Set<Integer> ignoredStatusCodes;
  // Indexed by status code; codes outside [0, 599] fall back to the range rules.
  private final byte[] overrides = new byte[MAX_STATUS_CODE + 1];

  private ErrorClassifier(Builder builder) {
    this.clientErrorsAreErrors = builder.clientErrorsAreErrors;
    this.errorStatusCodes = Set.copyOf(builder.errorStatusCodes);
    this.ignoredStatusCodes = Set.copyOf(builder.ignoredStatusCodes);
    Arrays.fill(overrides, BY_RULES);
    errorStatusCodes.forEach(code -> overrides[code] = ALWAYS_ERROR);
    ignoredStatusCodes.forEach(code -> overrides[code] = NEVER_ERROR);
  }

  /** The default policy: server-side failures are errors, client errors and 429 are not. */
  public static ErrorClassifier defaults() {
    return DEFAULTS;
  }

  /** A builder starting from the defaults. */
  public static Builder builder() {
    return new Builder();
  }

  /** Classifies one event by its outcome and status code. */
  public boolean isError(RequestEvent event) {
    return isError(event.getOutcome(), event.getStatusCode());
  }

  /**
   * Classifies an outcome and an optional status code.
   *
   * @param outcome how the request ended; {@code null} is read as {@link Outcome#UNKNOWN}
   * @param statusCode the HTTP status code, or {@code null} for requests that are not HTTP
   */
  public boolean isError(Outcome outcome, Integer statusCode) {
    int code = statusCode == null ? -1 : statusCode;
    if (code >= 0 && code <= MAX_STATUS_CODE) {
      byte override = overrides[code];
      if (override != BY_RULES) {
        return override == ALWAYS_ERROR;
      }
    }
    if (outcome == Outcome.ERROR || outcome == Outcome.TIMEOUT || (code >= 500 && code <= 599)) {
      return true;
    }
    return clientErrorsAreErrors
        && (outcome == Outcome.CLIENT_ERROR || (code >= 400 && code <= 499));
  }

  public boolean clientErrorsAreErrors() {
    return clientErrorsAreErrors;
  }

  /** Status codes that are always errors; an unmodifiable set. */
  public Set<Integer> errorStatusCodes() {
    return errorStatusCodes;
  }

  /** Status codes that are never errors; an unmodifiable set. */
  public Set<Integer> ignoredStatusCodes() {
    return ignoredStatusCodes;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ErrorClassifier other
        && clientErrorsAreErrors == other.clientErrorsAreErrors
        && errorStatusCodes.equals(other.errorStatusCodes)
        && ignoredStatusCodes.equals(other.ignoredStatusCodes);
  }

  @Override
  public int hashCode() {
    return Objects.hash(clientErrorsAreErrors, errorStatusCodes, ignoredStatusCodes);
  }

  @Override
  public String toString() {
    return "ErrorClassifier{clientErrorsAreErrors="
        + clientErrorsAreErrors
        + ", errorStatusCodes="
        + new TreeSet<>(errorStatusCodes)
        + ", ignoredStatusCodes="
        + new TreeSet<>(ignoredStatusCodes)
        + '}';
  }

  /** Builds an {@link ErrorClassifier}; not thread-safe. */
  public static final class Builder {
    private boolean clientErrorsAreErrors;
    private final Set<Integer> errorStatusCodes = new TreeSet<>();
    private final Set<Integer> ignoredStatusCodes = new TreeSet<>();

    private Builder() {}

    /** Whether {@code CLIENT_ERROR} and 4xx count as errors. Default {@code false}. */
    public Builder clientErrorsAreErrors(boolean clientErrorsAreErrors) {
      this.clientErrorsAreErrors = clientErrorsAreErrors;
      return this;
    }

    /**
     * Adds status codes that are always errors, e.g. 429.
     *
     * @throws IllegalArgumentException if a code is outside [100, 599] or already ignored
     */
    public Builder errorStatusCodes(int... codes) {
      for (int code : codes) {
        checkStatusCode(code);
        if (ignoredStatusCodes.contains(code)) {
          throw new IllegalArgumentException(
              "status code " + code + " cannot be both an error and ignored");
        }
        errorStatusCodes.add(code);
      }
      return this;
    }

    /**
     * Adds status codes that are never errors, e.g. 501.
     *
     * @throws IllegalArgumentException if a code is outside [100, 599] or already an error code
     */
    public Builder ignoredStatusCodes(int... codes) {
      for (int code : codes) {
        checkStatusCode(code);
        if (errorStatusCodes.contains(code)) {
          throw new IllegalArgumentException(
              "status code " + code + " cannot be both an error and ignored");
        }
        ignoredStatusCodes.add(code);
      }
      return this;
    }

    public ErrorClassifier build() {
      return new ErrorClassifier(this);
    }

    private static void checkStatusCode(int code) {
      if (code < MIN_STATUS_CODE || code > MAX_STATUS_CODE) {
        throw new IllegalArgumentException(
            "status code must be in ["
                + MIN_STATUS_CODE
                + ", "
                + MAX_STATUS_CODE
                + "], was "
                + code);
      }
    }
  }
}
