package io.slipstream.processor.slo.breakdown;

import java.util.Objects;

/**
 * One culprit of bad events: an operation in a region answering with a status, e.g. {@code POST
 * /checkout} in {@code eu-west-1} with {@code 503}. Region and status use the same placeholders as
 * their own dimensions ({@link BreakdownDimension#UNKNOWN}, {@link BreakdownDimension#NO_STATUS}).
 *
 * <p>As a {@link BreakdownDimension#CONTRIBUTOR} value it is one string, {@link #encoded()}: the
 * three parts joined by {@code |}, with {@code \} and {@code |} inside a part escaped by a
 * backslash ({@code GET /a|b} becomes {@code GET /a\|b}). The encoding is a bijection, so {@link
 * #decode} gives the parts back exactly, whatever characters they contain.
 */
public record Contributor(String operation, String region, String status) {
  static final char SEPARATOR = '|';
  static final char ESCAPE = '\\';

  public Contributor {
    Objects.requireNonNull(operation, "operation");
    Objects.requireNonNull(region, "region");
    Objects.requireNonNull(status, "status");
  }

  /** The {@link BreakdownDimension#CONTRIBUTOR} value: {@code operation|region|status}, escaped. */
  public String encoded() {
    StringBuilder text =
        new StringBuilder(operation.length() + region.length() + status.length() + 2);
    appendEscaped(text, operation).append(SEPARATOR);
    appendEscaped(text, region).append(SEPARATOR);
    return appendEscaped(text, status).toString();
  }

  /**
   * The contributor that {@link #encoded()} gave {@code value}.
   *
   * @throws IllegalArgumentException when {@code value} has not exactly three parts or ends in, or
   *     escapes anything but {@code \} and {@code |} with, a backslash
   */
  public static Contributor decode(String value) {
    String[] parts = new String[3];
    int part = 0;
    StringBuilder current = new StringBuilder(value.length());
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c == ESCAPE) {
        char next = i + 1 < value.length() ? value.charAt(i + 1) : 0;
        if (next != ESCAPE && next != SEPARATOR) {
          throw new IllegalArgumentException("bad escape at " + i + " in contributor " + value);
        }
        current.append(next);
        i++;
      } else if (c == SEPARATOR) {
        if (part == 2) {
          throw new IllegalArgumentException("more than three parts in contributor " + value);
        }
        parts[part++] = current.toString();
        current.setLength(0);
      } else {
        current.append(c);
      }
    }
    if (part != 2) {
      throw new IllegalArgumentException("fewer than three parts in contributor " + value);
    }
    return new Contributor(parts[0], parts[1], current.toString());
  }

  @Override
  public String toString() {
    return operation + " in " + region + " (" + status + ")";
  }

  static boolean needsEscape(char c) {
    return c == ESCAPE || c == SEPARATOR;
  }

  private static StringBuilder appendEscaped(StringBuilder text, String part) {
    for (int i = 0; i < part.length(); i++) {
      char c = part.charAt(i);
      if (needsEscape(c)) {
        text.append(ESCAPE);
      }
      text.append(c);
    }
    return text;
  }
}
