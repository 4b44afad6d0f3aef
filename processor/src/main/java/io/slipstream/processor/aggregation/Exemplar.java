package io.slipstream.processor.aggregation;

import java.util.Objects;

/**
 * A trace id kept as an example of a request in a bucket, so an on-call engineer can follow a
 * number to a trace.
 *
 * @param traceId the trace id as the service sent it (W3C: 32 lowercase hex digits); never null
 * @param latencyMicros the request's latency in microseconds, non-negative
 */
public record Exemplar(String traceId, long latencyMicros) {
  public Exemplar {
    Objects.requireNonNull(traceId, "traceId");
  }
}
