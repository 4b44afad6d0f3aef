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
 * <p>The chunks in use are listed sparsely (their numbers beside them) while there are few, and in
 * a table with a slot per chunk once there are more: an instance of a grouped SLO seen in one hour
 * of its 3-day ring holds one chunk, and a table for all 68 would take 288 bytes of its heap. Not
 * thread-safe.
 */
final class PackedCounts {
  private static final int CHUNK_SHIFT = 6;
  private static final int CHUNK = 1 << CHUNK_SHIFT;

  private final int length;

  /** Chunks listed sparsely at most; then they go in a table indexed by chunk number. */
  private static final int MAX_SPARSE = 8;

  /**
   * Null until a non-zero count is written (a ring of bad counts of a healthy SLO stays empty); the
   * chunks in use, beside their numbers in {@link #chunkNumbers}, or the table of every chunk when
   * that is null.
   */
  private byte[][] chunks;

  /**
   * The number of each of {@link #chunks}, as many as there are (the arrays grow by one: a chunk is
   * added once per 64 counts, and a field for their number would widen every instance); null:
   * {@code chunks} is a table.
   */
  private int[] chunkNumbers;

  PackedCounts(int length) {
    this.length = length;
  }

  int length() {
    return length;
  }

  long get(int index) {
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
      return -1;
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
    if (chunkNumbers == null) {
      return chunks[c];
    }
    for (int i = 0; i < chunkNumbers.length; i++) {
      if (chunkNumbers[i] == c) {
        return chunks[i];
      }
    }
    return null;
  }

  /** Makes {@code chunk} chunk number {@code c}, in place of the one it had, if any. */
  private void put(int c, byte[] chunk) {
    if (chunks == null) {
      chunks = new byte[][] {chunk};
      chunkNumbers = new int[] {c};
      return;
    }
    if (chunkNumbers == null) {
      chunks[c] = chunk;
      return;
    }
    int used = chunkNumbers.length;
    for (int i = 0; i < used; i++) {
      if (chunkNumbers[i] == c) {
        chunks[i] = chunk;
        return;
      }
    }
    if (used == MAX_SPARSE) {
      byte[][] table = new byte[(length + CHUNK - 1) >>> CHUNK_SHIFT][];
      for (int i = 0; i < used; i++) {
        table[chunkNumbers[i]] = chunks[i];
      }
      table[c] = chunk;
      chunks = table;
      chunkNumbers = null;
      return;
    }
    chunks = Arrays.copyOf(chunks, used + 1);
    chunkNumbers = Arrays.copyOf(chunkNumbers, used + 1);
    chunks[used] = chunk;
    chunkNumbers[used] = c;
  }

  void add(int index, long delta) {
    if (delta != 0) {
      set(index, get(index) + delta);
    }
  }

  /** Sets every count to zero and releases the space. */
  void clear() {
    chunks = null;
    chunkNumbers = null;
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
