package io.slipstream.processor.slo.engine;

/**
 * A 64-bit fingerprint of a sequence of counts, so an instance of a grouped SLO can tell whether
 * its counts changed since it last published without keeping them: each count is mixed in with the
 * finaliser of SplitMix64, whose output changes in about half its bits for any change of input.
 */
final class CountsFingerprint {
  private static final long SEED = 0x9E3779B97F4A7C15L;

  private CountsFingerprint() {}

  /** The fingerprint of the window counts, good then total. */
  static long of(long[] good, long[] total) {
    long fingerprint = SEED;
    for (long count : good) {
      fingerprint = mix(fingerprint, count);
    }
    for (long count : total) {
      fingerprint = mix(fingerprint, count);
    }
    return fingerprint;
  }

  /** Mixes {@code count} into {@code fingerprint}. */
  static long mix(long fingerprint, long count) {
    long z = fingerprint * 31 + count + SEED;
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }
}
