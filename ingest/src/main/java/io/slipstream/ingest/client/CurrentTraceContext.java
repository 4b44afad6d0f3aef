package io.slipstream.ingest.client;

import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The trace context of the span current on this thread, when the service uses the OpenTelemetry
 * API. The API is an optional dependency: without it on the class path {@link #get()} is always
 * empty, and nothing of OpenTelemetry is loaded.
 */
public final class CurrentTraceContext {

  private static final Logger LOG = LoggerFactory.getLogger(CurrentTraceContext.class);
  private static final boolean OPENTELEMETRY_PRESENT = detectOpenTelemetry();

  private CurrentTraceContext() {}

  /** Returns whether the OpenTelemetry API is on the class path. */
  public static boolean isOpenTelemetryPresent() {
    return OPENTELEMETRY_PRESENT;
  }

  /** Returns the ids of the current valid OpenTelemetry span, or empty. */
  public static Optional<TraceContext> get() {
    return OPENTELEMETRY_PRESENT ? OpenTelemetrySpans.current() : Optional.empty();
  }

  private static boolean detectOpenTelemetry() {
    try {
      Class.forName(
          "io.opentelemetry.api.trace.Span", false, CurrentTraceContext.class.getClassLoader());
      return true;
    } catch (ClassNotFoundException | LinkageError e) {
      LOG.debug("OpenTelemetry API not on the class path; trace ids come from headers only");
      return false;
    }
  }
}
