package io.slipstream.ingest.client;

import java.util.Objects;

/**
 * The W3C trace and span id of a request, as lowercase hex.
 *
 * @param traceId 32 lowercase hex digits, not all zero
 * @param spanId 16 lowercase hex digits, not all zero
 */
public record TraceContext(String traceId, String spanId) {

  public TraceContext {
    Objects.requireNonNull(traceId, "traceId");
    Objects.requireNonNull(spanId, "spanId");
    if (!isValidId(traceId, 32)) {
      throw new IllegalArgumentException("trace id must be 32 lowercase hex digits, not all zero");
    }
    if (!isValidId(spanId, 16)) {
      throw new IllegalArgumentException("span id must be 16 lowercase hex digits, not all zero");
    }
  }

  /** Returns whether {@code id} is {@code length} lowercase hex digits, not all zero. */
  static boolean isValidId(CharSequence id, int length) {
    if (id.length() != length) {
      return false;
    }
    boolean nonZero = false;
    for (int i = 0; i < length; i++) {
      char c = id.charAt(i);
      if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
        return false;
      }
      nonZero |= c != '0';
    }
    return nonZero;
  }
}
