package io.slipstream.processor.slo.breakdown;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;

/**
 * One dimension of a breakdown: the kept values, at most the breakdown's value limit C, and the
 * folded count of every other value's events.
 *
 * <p>Which values are kept depends only on the set of values seen: the C with the smallest {@link
 * StableHash} (ties to the smaller value). A value that ends among them was admitted at its first
 * sight (it ranked before all but fewer than C values seen until then) and never evicted, so its
 * count is exact. A value is folded when it ranks after all C kept values; those are only ever
 * replaced by values that rank earlier, so it never comes back, and folding it for good loses
 * nothing.
 */
final class DimensionCounts {
  final HashMap<Object, KeptValue> kept = new HashMap<>();
  long folded;

  /** The kept value that ranks last, when known; null when it must be searched for. */
  private KeptValue last;

  /**
   * Makes room for a value that is not kept: returns false, and changes nothing, when it ranks
   * after all C kept values and must be folded; otherwise evicts, when full, the value that ranks
   * last (its events are folded) and returns true.
   */
  boolean makeRoomFor(long hash, Object key, int limit) {
    if (kept.size() < limit) {
      return true;
    }
    KeptValue evicted = last();
    if (!evicted.ranksAfter(hash, key)) {
      return false;
    }
    evict(evicted);
    return true;
  }

  /** Keeps a new value with a count of zero; call {@link #makeRoomFor} first. */
  KeptValue insert(Object key, String value, long hash) {
    KeptValue added = new KeptValue(key, value, hash);
    kept.put(key, added);
    if (last != null && added.ranksAfter(last.hash, last.key)) {
      last = added;
    }
    return added;
  }

  /** Lowers the limits of a breakdown: folds the values that rank last and trims exemplars. */
  void trim(int limit, int exemplarLimit) {
    while (kept.size() > limit) {
      evict(last());
    }
    for (KeptValue value : kept.values()) {
      value.trimExemplars(exemplarLimit);
    }
  }

  void mergeFrom(DimensionCounts other, int limit, int exemplarLimit) {
    // Copies: merging a breakdown into itself must not iterate the map it is changing.
    long otherFolded = other.folded;
    List<KeptValue> incoming = new ArrayList<>(other.kept.values());
    long[] counts = incoming.stream().mapToLong(value -> value.count).toArray();
    folded += otherFolded;
    for (int i = 0; i < incoming.size(); i++) {
      KeptValue theirs = incoming.get(i);
      KeptValue mine = kept.get(theirs.key);
      if (mine == null) {
        if (!makeRoomFor(theirs.hash, theirs.key, limit)) {
          folded += counts[i];
          continue;
        }
        // Stored keys never change, so the two breakdowns can share them.
        mine = insert(theirs.key, theirs.value, theirs.hash);
      }
      mine.count += counts[i];
      mine.mergeExemplars(theirs, exemplarLimit);
    }
  }

  /** The kept values in value order. */
  List<KeptValue> byValue() {
    List<KeptValue> values = new ArrayList<>(kept.values());
    values.sort(Comparator.comparing(value -> value.value));
    return values;
  }

  private KeptValue last() {
    if (last == null) {
      for (KeptValue value : kept.values()) {
        if (last == null || value.ranksAfter(last.hash, last.key)) {
          last = value;
        }
      }
    }
    return last;
  }

  private void evict(KeptValue value) {
    kept.remove(value.key);
    folded += value.count;
    last = null;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof DimensionCounts counts
        && folded == counts.folded
        && kept.equals(counts.kept);
  }

  @Override
  public int hashCode() {
    return kept.hashCode() * 31 + Long.hashCode(folded);
  }

  @Override
  public String toString() {
    return byValue() + (folded == 0 ? "" : " folded=" + folded);
  }
}
