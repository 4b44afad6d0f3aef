package io.slipstream.processor.slo.breakdown;

/**
 * The bytes of a string as the breakdown hashes and stores them: UTF-8, except that a lone
 * surrogate (which no string read from Avro contains) is written in UTF-8's three-byte form instead
 * of being replaced by {@code ?} as {@link String#getBytes} does. This generalisation (WTF-8) makes
 * every Java string round-trip exactly and hash by its own identity.
 */
final class Wtf8 {
  /** Where encoded bytes go: the hash or the codec's output. */
  interface Sink {
    void put(int b);
  }

  private Wtf8() {}

  /** Writes the bytes of {@code text}, escaping contributor separators when {@code escape}. */
  static void encode(String text, boolean escape, Sink sink) {
    int length = text.length();
    for (int i = 0; i < length; i++) {
      char c = text.charAt(i);
      if (c < 0x80) {
        if (escape && Contributor.needsEscape(c)) {
          sink.put(Contributor.ESCAPE);
        }
        sink.put(c);
      } else if (c < 0x800) {
        sink.put(0xC0 | (c >>> 6));
        sink.put(0x80 | (c & 0x3F));
      } else if (Character.isHighSurrogate(c)
          && i + 1 < length
          && Character.isLowSurrogate(text.charAt(i + 1))) {
        int codePoint = Character.toCodePoint(c, text.charAt(++i));
        sink.put(0xF0 | (codePoint >>> 18));
        sink.put(0x80 | ((codePoint >>> 12) & 0x3F));
        sink.put(0x80 | ((codePoint >>> 6) & 0x3F));
        sink.put(0x80 | (codePoint & 0x3F));
      } else {
        sink.put(0xE0 | (c >>> 12));
        sink.put(0x80 | ((c >>> 6) & 0x3F));
        sink.put(0x80 | (c & 0x3F));
      }
    }
  }

  /** The number of bytes {@link #encode} writes for {@code text} without escapes. */
  static int length(String text) {
    int bytes = 0;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c < 0x80) {
        bytes += 1;
      } else if (c < 0x800) {
        bytes += 2;
      } else if (Character.isHighSurrogate(c)
          && i + 1 < text.length()
          && Character.isLowSurrogate(text.charAt(i + 1))) {
        bytes += 4;
        i++;
      } else {
        bytes += 3;
      }
    }
    return bytes;
  }

  /**
   * Reads {@code length} bytes written by {@link #encode}; null when they are not exactly what
   * {@code encode} writes for some string (malformed, overlong, or a surrogate pair in two
   * three-byte halves).
   */
  static String decode(byte[] bytes, int offset, int length) {
    StringBuilder text = new StringBuilder(length);
    int end = offset + length;
    int i = offset;
    boolean lastWasLoneHigh = false;
    while (i < end) {
      int b = bytes[i] & 0xFF;
      int extra;
      int codePoint;
      int min;
      if (b < 0x80) {
        extra = 0;
        codePoint = b;
        min = 0;
      } else if (b >= 0xC0 && b < 0xE0) {
        extra = 1;
        codePoint = b & 0x1F;
        min = 0x80;
      } else if (b >= 0xE0 && b < 0xF0) {
        extra = 2;
        codePoint = b & 0x0F;
        min = 0x800;
      } else if (b >= 0xF0 && b < 0xF8) {
        extra = 3;
        codePoint = b & 0x07;
        min = 0x10000;
      } else {
        return null;
      }
      for (int k = 1; k <= extra; k++) {
        if (i + k >= end || (bytes[i + k] & 0xC0) != 0x80) {
          return null;
        }
        codePoint = (codePoint << 6) | (bytes[i + k] & 0x3F);
      }
      if (codePoint < min || codePoint > Character.MAX_CODE_POINT) {
        return null;
      }
      boolean high = codePoint < 0x10000 && Character.isHighSurrogate((char) codePoint);
      boolean low = codePoint < 0x10000 && Character.isLowSurrogate((char) codePoint);
      if (low && lastWasLoneHigh) {
        return null; // a pair is written as one four-byte sequence
      }
      lastWasLoneHigh = high;
      text.appendCodePoint(codePoint);
      i += extra + 1;
    }
    return text.toString();
  }
}
