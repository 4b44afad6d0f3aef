package io.slipstream.ingest.client;

import io.slipstream.avro.Outcome;

/**
 * How a server span's OpenTelemetry semantic-convention attributes map to a request event; shared
 * by the OTLP gateway and {@link SlipstreamSpanExporter}.
 */
public final class SpanSemantics {

  private SpanSemantics() {}

  /**
   * Returns the operation: {@code <method> <route>} with an {@code http.route}, the route alone
   * without a method, else the span name ({@code unknown} when blank).
   */
  public static String operation(String route, String method, String spanName) {
    if (route != null && !route.isBlank()) {
      return method == null || method.isBlank() ? route : method + " " + route;
    }
    return spanName == null || spanName.isBlank() ? "unknown" : spanName;
  }

  /**
   * Returns the outcome: from the HTTP status code when there is one ({@link
   * Outcomes#fromHttpStatus}), raised to {@code ERROR} when the span status is ERROR although the
   * code says success or client error; without a code, ERROR or SUCCESS by span status.
   */
  public static Outcome outcome(Integer statusCode, boolean spanError) {
    if (statusCode == null) {
      return spanError ? Outcome.ERROR : Outcome.SUCCESS;
    }
    Outcome outcome = Outcomes.fromHttpStatus(statusCode);
    if (spanError && (outcome == Outcome.SUCCESS || outcome == Outcome.CLIENT_ERROR)) {
      return Outcome.ERROR;
    }
    return outcome;
  }

  /** Returns {@code code} when it is a valid HTTP status (100–599), else null. */
  public static Integer httpStatus(Long code) {
    return code != null && code >= 100 && code <= 599 ? (int) (long) code : null;
  }
}
