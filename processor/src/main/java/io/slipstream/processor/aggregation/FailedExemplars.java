package io.slipstream.processor.aggregation;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Up to K trace ids of failed requests of a bucket: the K with the smallest hash of the trace id
 * (ties to the smaller trace id), each id at most once.
 *
 * <p>Why a hash rather than "the first K" or "the latest K": a bottom-K by hash is a uniform sample
 * over the whole bucket (first-K would cluster at the start of the bucket, where an incident's
 * first failures are not always the representative ones), and it depends only on the set of trace
 * ids, not on arrival order, so {@link #mergeFrom merging} is associative and commutative and late
 * or replayed events give the same exemplars. Not thread-safe.
 */
final class FailedExemplars {
  private final int limit;
  private final long[] hashes;
  private final String[] traceIds;
  private int size;

  FailedExemplars(int limit) {
    this.limit = limit;
    this.hashes = new long[limit];
    this.traceIds = new String[limit];
  }

  int limit() {
    return limit;
  }

  int size() {
    return size;
  }

  /** Offers the trace id of a failed request; O(1) when it is not kept. */
  void offer(String traceId) {
    long hash = hash(traceId);
    if (size == limit && (limit == 0 || !ranksAbove(hash, traceId, size - 1))) {
      return;
    }
    int at = 0;
    while (at < size && !ranksAbove(hash, traceId, at)) {
      at++;
    }
    if (at > 0 && hashes[at - 1] == hash && traceIds[at - 1].equals(traceId)) {
      return; // already kept
    }
    int kept = Math.min(size, limit - 1);
    int tail = kept - at;
    System.arraycopy(hashes, at, hashes, at + 1, tail);
    System.arraycopy(traceIds, at, traceIds, at + 1, tail);
    hashes[at] = hash;
    traceIds[at] = traceId;
    size = kept + 1;
  }

  void mergeFrom(FailedExemplars other) {
    for (String traceId : Arrays.copyOf(other.traceIds, other.size)) {
      offer(traceId);
    }
  }

  /** The kept trace ids in hash order (which looks random); a new list. */
  List<String> toList() {
    return new ArrayList<>(Arrays.asList(traceIds).subList(0, size));
  }

  private boolean ranksAbove(long hash, String traceId, int index) {
    return hash < hashes[index]
        || (hash == hashes[index] && traceId.compareTo(traceIds[index]) < 0);
  }

  /**
   * Spreads {@link String#hashCode()} over 64 bits (MurmurHash3's fmix64 finaliser, a bijection),
   * so that structured ids such as {@code req-1, req-2, ...} are sampled in a scrambled order
   * rather than by their numeric suffix. Stable across JVMs: {@code String.hashCode} is specified.
   */
  static long hash(String traceId) {
    long h = traceId.hashCode();
    h ^= h >>> 33;
    h *= 0xff51afd7ed558ccdL;
    h ^= h >>> 33;
    h *= 0xc4ceb9fe1a85ec53L;
    h ^= h >>> 33;
    return h;
  }
}
