package io.slipstream.processor.aggregation;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The K slowest traced requests of a bucket, one entry per trace id (a trace seen twice keeps its
 * slowest latency), ordered slowest first; ties on latency go to the smaller trace id.
 *
 * <p>Which entries are kept is a function of the set of (latency, trace id) pairs only, not of
 * their order, so {@link #mergeFrom merging} is associative and commutative and a replay after a
 * rebalance keeps the same exemplars.
 *
 * <p>Each kept trace id's hash code sits beside it, so looking for the offered id among the kept
 * ones compares ints in one array and reads a kept id's characters only when the hashes match: the
 * kept ids are old objects, likely out of the cache, while the offered one was just decoded. Not
 * thread-safe.
 */
final class SlowestExemplars {
  private final int limit;
  private final long[] latencies;
  private final String[] traceIds;
  private final int[] idHashes;
  private int size;

  SlowestExemplars(int limit) {
    this.limit = limit;
    this.latencies = new long[limit];
    this.traceIds = new String[limit];
    this.idHashes = new int[limit];
  }

  int limit() {
    return limit;
  }

  int size() {
    return size;
  }

  /** Offers a traced request; O(1) when it is not among the K slowest, which is the usual case. */
  void offer(long latencyMicros, String traceId) {
    if (size == limit && (limit == 0 || !ranksAbove(latencyMicros, traceId, size - 1))) {
      return;
    }
    int idHash = traceId.hashCode();
    for (int i = 0; i < size; i++) {
      if (idHashes[i] == idHash && traceIds[i].equals(traceId)) {
        if (!ranksAbove(latencyMicros, traceId, i)) {
          return;
        }
        removeAt(i);
        break;
      }
    }
    insert(latencyMicros, traceId, idHash);
  }

  void mergeFrom(SlowestExemplars other) {
    // Copy first: merging a bucket into itself must not read entries it is rewriting.
    long[] otherLatencies = Arrays.copyOf(other.latencies, other.size);
    String[] otherIds = Arrays.copyOf(other.traceIds, other.size);
    for (int i = 0; i < otherIds.length; i++) {
      offer(otherLatencies[i], otherIds[i]);
    }
  }

  /** The kept exemplars, slowest first; a new list. */
  List<Exemplar> toList() {
    List<Exemplar> list = new ArrayList<>(size);
    for (int i = 0; i < size; i++) {
      list.add(new Exemplar(traceIds[i], latencies[i]));
    }
    return list;
  }

  private boolean ranksAbove(long latencyMicros, String traceId, int index) {
    return latencyMicros > latencies[index]
        || (latencyMicros == latencies[index] && traceId.compareTo(traceIds[index]) < 0);
  }

  private void removeAt(int index) {
    int tail = size - index - 1;
    System.arraycopy(latencies, index + 1, latencies, index, tail);
    System.arraycopy(traceIds, index + 1, traceIds, index, tail);
    System.arraycopy(idHashes, index + 1, idHashes, index, tail);
    size--;
    traceIds[size] = null;
  }

  private void insert(long latencyMicros, String traceId, int idHash) {
    int at = 0;
    while (at < size && !ranksAbove(latencyMicros, traceId, at)) {
      at++;
    }
    // When full, the last entry falls off the end.
    int kept = Math.min(size, limit - 1);
    int tail = kept - at;
    System.arraycopy(latencies, at, latencies, at + 1, tail);
    System.arraycopy(traceIds, at, traceIds, at + 1, tail);
    System.arraycopy(idHashes, at, idHashes, at + 1, tail);
    latencies[at] = latencyMicros;
    traceIds[at] = traceId;
    idHashes[at] = idHash;
    size = kept + 1;
  }
}
