package io.slipstream.processor.slo.breakdown;

/**
 * The 64-bit hash that decides which values a breakdown keeps: a function of the value's {@link
 * Wtf8} bytes (its UTF-8 bytes for any string read from Avro) and nothing else, the same in every
 * JVM and every release. The bytes are read as little-endian 8-byte words mixed as in
 * MurmurHash64A, then the length and MurmurHash3's fmix64 finaliser.
 *
 * <p>Part of the stored format: minutes written by one release are merged by the next, and a
 * different hash would keep a different set of values, so {@code BreakdownStableHashTest} pins its
 * output.
 *
 * <p>Mutable and reusable, so that hashing a value on the hot path allocates nothing. Not
 * thread-safe.
 */
final class StableHash implements Wtf8.Sink {
  private static final long SEED = 0x736c6970_73747265L; // "slipstre"
  private static final long M = 0xc6a4a7935bd1e995L;
  private static final int R = 47;

  private long hash;
  private long word;
  private int wordBytes;
  private long length;

  /** The hash of {@code value}. */
  static long of(String value) {
    return new StableHash().start().putString(value).finish();
  }

  /**
   * The hash of a contributor's {@link Contributor#encoded() encoded} value, without building the
   * string.
   */
  long ofContributor(String operation, String region, String status) {
    start();
    Wtf8.encode(operation, true, this);
    put(Contributor.SEPARATOR);
    Wtf8.encode(region, true, this);
    put(Contributor.SEPARATOR);
    Wtf8.encode(status, true, this);
    return finish();
  }

  long ofValue(String value) {
    return start().putString(value).finish();
  }

  StableHash start() {
    hash = SEED;
    word = 0;
    wordBytes = 0;
    length = 0;
    return this;
  }

  StableHash putString(String value) {
    Wtf8.encode(value, false, this);
    return this;
  }

  @Override
  public void put(int b) {
    word |= (long) (b & 0xFF) << (wordBytes << 3);
    length++;
    if (++wordBytes == 8) {
      mix(word);
      word = 0;
      wordBytes = 0;
    }
  }

  long finish() {
    if (wordBytes > 0) {
      hash ^= word;
      hash *= M;
    }
    long h = hash ^ length;
    h ^= h >>> 33;
    h *= 0xff51afd7ed558ccdL;
    h ^= h >>> 33;
    h *= 0xc4ceb9fe1a85ec53L;
    h ^= h >>> 33;
    return h;
  }

  private void mix(long k) {
    k *= M;
    k ^= k >>> R;
    k *= M;
    hash ^= k;
    hash *= M;
  }
}
