package io.slipstream.serde;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The strings a decoder produced recently, looked up by their UTF-8 bytes, so that a name decoded
 * again (a service, an operation, a region, an attribute key) is the same {@link String} object as
 * before instead of a new one: nothing is allocated for it, and its hash code, computed once, stays
 * cached in it, so every map lookup by it downstream skips hashing its characters and finds its key
 * by identity.
 *
 * <p>A direct-mapped table of {@value #SLOTS} entries, each keeping strings up to {@value
 * #MAX_LENGTH} bytes. Values that never repeat (trace ids, span ids) must not push out the names
 * that do, so an entry found since it was last challenged survives the next miss on its slot (a
 * second chance) and only an entry not found since is replaced. A miss costs what decoding cost
 * before plus hashing the bytes; a string longer than the limit is decoded as before.
 *
 * <p>Not thread-safe: one per decoder, which is one per thread.
 */
public final class DecodedStrings {
  static final int SLOTS = 8192;
  static final int MAX_LENGTH = 64;

  private static final long MIX = 0x9E3779B97F4A7C15L;
  private static final VarHandle WORDS =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

  private final byte[][] keys = new byte[SLOTS][];
  private final String[] strings = new String[SLOTS];
  private final boolean[] foundSinceChallenged = new boolean[SLOTS];

  /** The string of the UTF-8 bytes {@code buffer[offset, offset + length)}. */
  public String decode(byte[] buffer, int offset, int length) {
    if (length > MAX_LENGTH) {
      return new String(buffer, offset, length, StandardCharsets.UTF_8);
    }
    int slot = slotOf(buffer, offset, length);
    byte[] key = keys[slot];
    if (key != null
        && key.length == length
        && Arrays.equals(key, 0, length, buffer, offset, offset + length)) {
      foundSinceChallenged[slot] = true;
      return strings[slot];
    }
    String decoded = new String(buffer, offset, length, StandardCharsets.UTF_8);
    if (key != null && foundSinceChallenged[slot]) {
      foundSinceChallenged[slot] = false;
    } else {
      keys[slot] = Arrays.copyOfRange(buffer, offset, offset + length);
      strings[slot] = decoded;
    }
    return decoded;
  }

  private static int slotOf(byte[] buffer, int offset, int length) {
    // Eight bytes per step: a name is hashed in a few multiplications, not one per character.
    long hash = length * MIX;
    int at = offset;
    int end = offset + length;
    for (; at + Long.BYTES <= end; at += Long.BYTES) {
      hash = (hash ^ (long) WORDS.get(buffer, at)) * MIX;
      hash ^= hash >>> 29;
    }
    long tail = 0;
    for (; at < end; at++) {
      tail = tail << 8 | (buffer[at] & 0xff);
    }
    hash = (hash ^ tail) * MIX;
    return (int) (hash >>> 40) & (SLOTS - 1);
  }
}
