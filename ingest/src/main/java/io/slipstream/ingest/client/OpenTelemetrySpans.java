package io.slipstream.ingest.client;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import java.util.Optional;

/**
 * The only class that touches the OpenTelemetry API; loaded only after {@link CurrentTraceContext}
 * found the API on the class path.
 */
final class OpenTelemetrySpans {

  private OpenTelemetrySpans() {}

  static Optional<TraceContext> current() {
    SpanContext context = Span.current().getSpanContext();
    if (!context.isValid()) {
      return Optional.empty();
    }
    return Optional.of(new TraceContext(context.getTraceId(), context.getSpanId()));
  }
}
