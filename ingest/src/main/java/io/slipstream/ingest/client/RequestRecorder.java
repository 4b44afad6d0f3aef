package io.slipstream.ingest.client;

import io.slipstream.avro.Outcome;
import io.slipstream.avro.RequestEvent;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A request event being filled in; {@link #record()} hands it to the publisher. Not thread-safe:
 * use one per request, on one thread.
 *
 * <p>Defaults: timestamp when {@code record()} is called; outcome from the status code ({@link
 * Outcomes#fromHttpStatus}) or {@code UNKNOWN} without one; trace ids from {@link #trace} if set,
 * else from {@link #traceparent} if valid, else from the current OpenTelemetry span if any.
 */
public final class RequestRecorder {

  private final SlipstreamPublisher publisher;
  private final String operation;
  private Integer statusCode;
  private Outcome outcome;
  private long latencyMicros = -1;
  private Instant timestamp;
  private TraceContext trace;
  private final Map<String, String> attributes = new LinkedHashMap<>();

  RequestRecorder(SlipstreamPublisher publisher, String operation) {
    this.publisher = publisher;
    this.operation = Objects.requireNonNull(operation, "operation");
  }

  /** The HTTP status code of the response. */
  public RequestRecorder statusCode(int code) {
    this.statusCode = code;
    return this;
  }

  /** How the request ended, overriding what the status code says. */
  public RequestRecorder outcome(Outcome value) {
    this.outcome = Objects.requireNonNull(value, "outcome");
    return this;
  }

  /** How long the service took to handle the request (negative counts as zero). */
  public RequestRecorder latency(Duration latency) {
    return latencyMicros(latency.toNanos() / 1_000);
  }

  /** How long the service took, in microseconds (negative counts as zero). */
  public RequestRecorder latencyMicros(long micros) {
    this.latencyMicros = Math.max(0, micros);
    return this;
  }

  /** When the request finished (default: when {@link #record()} is called). */
  public RequestRecorder timestamp(Instant finishedAt) {
    this.timestamp = finishedAt;
    return this;
  }

  /** The request's trace context. */
  public RequestRecorder trace(TraceContext context) {
    this.trace = context;
    return this;
  }

  /** The request's W3C {@code traceparent} header; ignored when absent or invalid. */
  public RequestRecorder traceparent(String header) {
    if (trace == null) {
      TraceParent.parse(header).ifPresent(context -> this.trace = context);
    }
    return this;
  }

  /** A low-cardinality attribute, e.g. the tenant tier. */
  public RequestRecorder attribute(String name, String value) {
    attributes.put(Objects.requireNonNull(name, "name"), Objects.requireNonNull(value, "value"));
    return this;
  }

  /**
   * Builds the event and hands it to the publisher. Never blocks.
   *
   * @return whether it was accepted (false: dropped and counted)
   */
  public boolean record() {
    return publisher.record(build());
  }

  RequestEvent build() {
    RequestEvent.Builder event = publisher.newRequestEvent().setOperation(operation);
    if (timestamp != null) {
      event.setTimestamp(timestamp);
    }
    event.setLatencyMicros(Math.max(0, latencyMicros));
    event.setStatusCode(statusCode);
    Outcome resolved = outcome;
    if (resolved == null) {
      resolved = statusCode != null ? Outcomes.fromHttpStatus(statusCode) : Outcome.UNKNOWN;
    }
    event.setOutcome(resolved);
    TraceContext context = trace != null ? trace : CurrentTraceContext.get().orElse(null);
    if (context != null) {
      event.setTraceId(context.traceId()).setSpanId(context.spanId());
    }
    event.setAttributes(new LinkedHashMap<>(attributes));
    return event.build();
  }
}
