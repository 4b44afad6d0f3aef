package io.slipstream.ingest.client;

import java.util.Optional;

/**
 * Parses the W3C Trace Context {@code traceparent} header: {@code version-traceid-parentid-flags},
 * e.g. {@code 00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01}.
 *
 * <p>Follows the specification's rules: lowercase hex only; version {@code ff} is invalid; version
 * {@code 00} has exactly 55 characters; a higher version may append fields after a dash, which are
 * ignored; all-zero trace or parent ids are invalid. Invalid headers yield empty, never an
 * exception, because a service must not fail a request over a malformed header.
 */
public final class TraceParent {

  /** The header name, lowercase as HTTP/2 sends it. */
  public static final String HEADER = "traceparent";

  private static final int VERSION_00_LENGTH = 55;

  private TraceParent() {}

  /**
   * Returns the trace id and parent (span) id of {@code header}, or empty if it is absent or
   * invalid. Surrounding whitespace is ignored.
   */
  public static Optional<TraceContext> parse(String header) {
    if (header == null) {
      return Optional.empty();
    }
    String value = header.strip();
    if (value.length() < VERSION_00_LENGTH) {
      return Optional.empty();
    }
    String version = value.substring(0, 2);
    if (!isHex(version) || version.equals("ff")) {
      return Optional.empty();
    }
    if (version.equals("00") && value.length() != VERSION_00_LENGTH) {
      return Optional.empty();
    }
    if (value.length() > VERSION_00_LENGTH && value.charAt(VERSION_00_LENGTH) != '-') {
      return Optional.empty();
    }
    if (value.charAt(2) != '-' || value.charAt(35) != '-' || value.charAt(52) != '-') {
      return Optional.empty();
    }
    String traceId = value.substring(3, 35);
    String parentId = value.substring(36, 52);
    String flags = value.substring(53, 55);
    if (!TraceContext.isValidId(traceId, 32)
        || !TraceContext.isValidId(parentId, 16)
        || !isHex(flags)) {
      return Optional.empty();
    }
    return Optional.of(new TraceContext(traceId, parentId));
  }

  private static boolean isHex(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
        return false;
      }
    }
    return true;
  }
}
