package io.slipstream.processor.slo.engine;

import java.util.Arrays;

/**
 * A fixed-size array of counts that takes little memory when the counts are small or zero: values
 * are kept in chunks of 64, each chunk at the narrowest width (1, 2, 4 or 8 bytes) that holds the
 * largest value ever written to it, and a chunk that was only ever written zeros takes no space.
 *
 * <p>Why: an SLO keeps one count per minute for its longest window (3 days: 4,320 minutes). As
 * {@code long}s that is 35 kB per count kind; most SLOs see fewer than 256 events a minute and
 * almost no bad ones, so packed, the minutes of 100,000 SLOs fit in a fraction of the heap. A chunk
 * never narrows again, so a burst costs width until the JVM restarts.
 *
 * <p>While at most {@value #MAX_FEW} counts are non-zero they are kept as a short list of (index,
 * value) pairs, with no chunk at all: an instance of a grouped SLO seen in one minute holds one
 * count in each of its rings, 24 bytes instead of a 64-slot chunk and its lists (128 bytes). Past
 * that, the chunks in use are listed sparsely (their numbers beside them) while there are few, and
 * in a table with a slot per chunk once there are more: a table for all 68 chunks of a 3-day ring
 * would take 288 bytes. Not thread-safe.
 */
final class PackedCounts {
  private static final int CHUNK_SHIFT = 6;
  private static final int CHUNK = 1 << CHUNK_SHIFT;

  private final int length;

  /** Non-zero counts kept as a list, at most; then in chunks. */
  private static final int MAX_FEW = 8;

  /** Chunks listed sparsely at most; then they go in a table indexed by chunk number. */
  private static final int MAX_SPARSE = 8;

  /** A listed count's index sits above this many bits, its value below them. */
  private static final int VALUE_BITS = 40;

  private static final long VALUE_MASK = (1L << VALUE_BITS) - 1;

  /**
   * Null while the counts are a list or all zero; then the chunks in use, beside their numbers in
   * {@link #listed}, or the table of every chunk when {@code listed} is null.
   */
  private byte[][] chunks;

  /**
   * Without chunks: the non-zero counts, each {@code index << 40 | value}, or null when every count
   * is zero. With chunks: the number of each of {@link #chunks}, or null when {@code chunks} is a
   * table. One array for both, as many as there are (it grows by one: a field more would widen
   * every instance, and this is one of six per instance).
   */
  private long[] listed;

  PackedCounts(int length) {
    if (length <= 0 || length >= 1 << (63 - VALUE_BITS)) {
      throw new IllegalArgumentException("length " + length);
    }
    this.length = length;
  }

  int length() {
    return length;
  }

  long get(int index) {
    if (chunks == null) {
      int at = listedAt(index);
      return at < 0 ? 0 : listed[at] & VALUE_MASK;
    }
    byte[] chunk = chunk(index >>> CHUNK_SHIFT);
    if (chunk == null) {
      return 0;
    }
    return read(chunk, chunk.length >>> CHUNK_SHIFT, index & (CHUNK - 1));
  }

  /**
   * How far from {@code from} the first non-zero count is, looking at {@code count} counts from
   * there (past the last index, on from the first), or -1 when they are all zero. A chunk that was
   * never written is passed over whole.
   */
  int distanceToNonZero(int from, int count) {
    if (chunks == null) {
      return distanceToListed(from, count);
    }
    int index = from;
    for (int looked = 0; looked < count; ) {
      byte[] chunk = chunk(index >>> CHUNK_SHIFT);
      int chunkEnd = Math.min(((index >>> CHUNK_SHIFT) + 1) << CHUNK_SHIFT, length);
      int span = Math.min(chunkEnd - index, count - looked);
      if (chunk != null) {
        int width = chunk.length >>> CHUNK_SHIFT;
        for (int i = 0; i < span; i++) {
          if (read(chunk, width, (index + i) & (CHUNK - 1)) != 0) {
            return looked + i;
          }
        }
      }
      looked += span;
      index += span;
      if (index == length) {
        index = 0;
      }
    }
    return -1;
  }

  void set(int index, long value) {
    if (chunks == null) {
      if (setListed(index, value)) {
        return;
      }
      moveListedToChunks();
    }
    setInChunk(index, value);
  }

  /**
   * Sets a count while they are a list; false when the list cannot take it (full, or a value over
   * 40 bits or negative), and nothing changed.
   */
  private boolean setListed(int index, long value) {
    int at = listedAt(index);
    if (value == 0) {
      if (at >= 0) {
        removeListed(at);
      }
      return true;
    }
    if (value < 0 || value > VALUE_MASK) {
      return false;
    }
    long entry = ((long) index << VALUE_BITS) | value;
    if (at >= 0) {
      listed[at] = entry;
      return true;
    }
    if (listed == null) {
      listed = new long[] {entry};
      return true;
    }
    if (listed.length == MAX_FEW) {
      return false;
    }
    listed = Arrays.copyOf(listed, listed.length + 1);
    listed[listed.length - 1] = entry;
    return true;
  }

  private int listedAt(int index) {
    if (listed != null) {
      for (int i = 0; i < listed.length; i++) {
        if ((int) (listed[i] >>> VALUE_BITS) == index) {
          return i;
        }
      }
    }
    return -1;
  }

  private void removeListed(int at) {
    if (listed.length == 1) {
      listed = null;
      return;
    }
    long[] rest = new long[listed.length - 1];
    System.arraycopy(listed, 0, rest, 0, at);
    System.arraycopy(listed, at + 1, rest, at, rest.length - at);
    listed = rest;
  }

  /** The listed counts' nearest index from {@code from} on, as {@link #distanceToNonZero}. */
  private int distanceToListed(int from, int count) {
    int nearest = -1;
    if (listed != null) {
      for (long entry : listed) {
        int index = (int) (entry >>> VALUE_BITS);
        int distance = index >= from ? index - from : index - from + length;
        if (distance < count && (nearest < 0 || distance < nearest)) {
          nearest = distance;
        }
      }
    }
    return nearest;
  }

  private void moveListedToChunks() {
    long[] entries = listed;
    listed = null;
    if (entries == null) {
      return;
    }
    for (long entry : entries) {
      setInChunk((int) (entry >>> VALUE_BITS), entry & VALUE_MASK);
    }
  }

  private void setInChunk(int index, long value) {
    int c = index >>> CHUNK_SHIFT;
    byte[] chunk = chunk(c);
    if (chunk == null) {
      if (value == 0) {
        return;
      }
      chunk = new byte[CHUNK * widthOf(value)];
      put(c, chunk);
    }
    int width = chunk.length >>> CHUNK_SHIFT;
    int needed = widthOf(value);
    if (needed > width) {
      chunk = widen(chunk, width, needed);
      put(c, chunk);
      width = needed;
    }
    write(chunk, width, index & (CHUNK - 1), value);
  }

  /** Chunk number {@code c}, or null when it was never written. */
  private byte[] chunk(int c) {
    if (chunks == null) {
      return null;
    }
    if (listed == null) {
      return chunks[c];
    }
    for (int i = 0; i < listed.length; i++) {
      if (listed[i] == c) {
        return chunks[i];
      }
    }
    return null;
  }

  /** Makes {@code chunk} chunk number {@code c}, in place of the one it had, if any. */
  private void put(int c, byte[] chunk) {
    if (chunks == null) {
      chunks = new byte[][] {chunk};
      listed = new long[] {c};
      return;
    }
    if (listed == null) {
      chunks[c] = chunk;
      return;
    }
    int used = listed.length;
    for (int i = 0; i < used; i++) {
      if (listed[i] == c) {
        chunks[i] = chunk;
        return;
      }
    }
    if (used == MAX_SPARSE) {
      byte[][] table = new byte[(length + CHUNK - 1) >>> CHUNK_SHIFT][];
      for (int i = 0; i < used; i++) {
        table[(int) listed[i]] = chunks[i];
      }
      table[c] = chunk;
      chunks = table;
      listed = null;
      return;
    }
    chunks = Arrays.copyOf(chunks, used + 1);
    listed = Arrays.copyOf(listed, used + 1);
    chunks[used] = chunk;
    listed[used] = c;
  }

  void add(int index, long delta) {
    if (delta != 0) {
      set(index, get(index) + delta);
    }
  }

  /** Sets every count to zero and releases the space. */
  void clear() {
    chunks = null;
    listed = null;
  }

  /** Bytes a non-negative value needs; negative values take all eight. */
  private static int widthOf(long value) {
    if ((value >>> 8) == 0) {
      return 1;
    }
    if ((value >>> 16) == 0) {
      return 2;
    }
    if ((value >>> 32) == 0) {
      return 4;
    }
    return 8;
  }

  private static byte[] widen(byte[] chunk, int width, int newWidth) {
    byte[] wider = new byte[CHUNK * newWidth];
    for (int i = 0; i < CHUNK; i++) {
      write(wider, newWidth, i, read(chunk, width, i));
    }
    return wider;
  }

  /** Little-endian, zero-extended below eight bytes. */
  private static long read(byte[] chunk, int width, int slot) {
    int offset = slot * width;
    long value = 0;
    for (int b = width - 1; b >= 0; b--) {
      value = (value << 8) | (chunk[offset + b] & 0xFF);
    }
    return value;
  }

  private static void write(byte[] chunk, int width, int slot, long value) {
    int offset = slot * width;
    for (int b = 0; b < width; b++) {
      chunk[offset + b] = (byte) (value >>> (8 * b));
    }
  }
}
