package io.slipstream.processor.slo.breakdown;

import java.util.Arrays;
import java.util.List;

/**
 * A value a dimension keeps: its exact count and up to E exemplar trace ids, the E smallest
 * distinct ones ({@link String#compareTo} order) of its bad traced events, kept sorted.
 */
final class KeptValue {
  /** The hash-map key: the value itself, or a {@link ContributorKey} for a contributor. */
  final Object key;

  final String value;
  final long hash;
  long count;
  private String[] exemplars;
  private int exemplarCount;

  KeptValue(Object key, String value, long hash) {
    this.key = key;
    this.value = value;
    this.hash = hash;
  }

  /**
   * Whether this value ranks after the value of the given hash: a larger unsigned hash, or the same
   * hash and a larger value. Values that rank last are folded first.
   */
  boolean ranksAfter(long otherHash, Object otherKey) {
    int byHash = Long.compareUnsigned(hash, otherHash);
    if (byHash != 0) {
      return byHash > 0;
    }
    // 64-bit hashes of distinct values almost never meet; when they do, the value decides.
    return value.compareTo(valueOf(otherKey)) > 0;
  }

  private static String valueOf(Object key) {
    return key instanceof ContributorKey contributor ? contributor.encoded() : (String) key;
  }

  /** Offers the trace id of one of the value's bad events; one comparison when it is not kept. */
  void offerExemplar(String traceId, int limit) {
    if (traceId == null || limit == 0) {
      return;
    }
    int size = exemplarCount;
    if (size == limit && traceId.compareTo(exemplars[size - 1]) >= 0) {
      return;
    }
    int at = size == 0 ? -1 : Arrays.binarySearch(exemplars, 0, size, traceId);
    if (at >= 0) {
      return;
    }
    at = -at - 1;
    if (size == limit) {
      size--; // the largest falls off
    } else if (exemplars == null || size == exemplars.length) {
      // Grown on demand: most values see fewer traced events than the limit allows.
      exemplars =
          Arrays.copyOf(
              exemplars == null ? new String[0] : exemplars,
              Math.min(limit, Math.max(2, 2 * size)));
    }
    System.arraycopy(exemplars, at, exemplars, at + 1, size - at);
    exemplars[at] = traceId;
    exemplarCount = size + 1;
  }

  void mergeExemplars(KeptValue other, int limit) {
    // A copy: merging a value into itself must not read the array it is rewriting.
    for (String traceId : other.exemplars()) {
      offerExemplar(traceId, limit);
    }
  }

  void trimExemplars(int limit) {
    if (exemplarCount > limit) {
      Arrays.fill(exemplars, limit, exemplarCount, null);
      exemplarCount = limit;
    }
  }

  /** The kept trace ids, smallest first; an unmodifiable copy. */
  List<String> exemplars() {
    return exemplarCount == 0 ? List.of() : List.of(Arrays.copyOf(exemplars, exemplarCount));
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof KeptValue kept
        && value.equals(kept.value)
        && count == kept.count
        && exemplars().equals(kept.exemplars());
  }

  @Override
  public int hashCode() {
    return (value.hashCode() * 31 + Long.hashCode(count)) * 31 + exemplars().hashCode();
  }

  @Override
  public String toString() {
    return value + "=" + count + (exemplarCount == 0 ? "" : " " + exemplars());
  }
}
