package io.slipstream.processor.slo.engine;

import io.slipstream.processor.aggregation.RequestBucket;

/**
 * What one SLO accumulated in one minute: good and total events, plus, for slice conditions on
 * latency quantiles or saturation, what deciding a slice needs. Mutable; lives in a live store.
 */
public final class SloCounts {
  long good;
  long total;

  /** Latencies of the counted events, kept only for latency-quantile slice conditions. */
  RequestBucket latencies;

  /** Highest saturation seen, or NaN without samples; kept only for saturation slice conditions. */
  double maxSaturation = Double.NaN;

  public long good() {
    return good;
  }

  public long total() {
    return total;
  }

  /**
   * The counts split by evaluation slot within the minute: slot start offsets in milliseconds from
   * the minute's start, ascending, with their good and total counts. A rebuild at a tick inside the
   * minute counts the slots before the tick and leaves the rest pending, exactly as an
   * uninterrupted run would. Empty for saturation-only minutes and for minutes stored before slots
   * were kept.
   */
  int slots;

  int[] slotOffsets = NO_OFFSETS;
  long[] slotGood = NO_COUNTS;
  long[] slotTotal = NO_COUNTS;

  private static final int[] NO_OFFSETS = new int[0];
  private static final long[] NO_COUNTS = new long[0];

  void add(long goodCount, long totalCount) {
    good += goodCount;
    total += totalCount;
  }

  /** Adds to the minute and to its slot starting {@code slotOffset} ms into the minute. */
  void addAt(int slotOffset, long goodCount, long totalCount) {
    good += goodCount;
    total += totalCount;
    int i = slots - 1;
    // Events mostly arrive in time order: the slot is nearly always the last one.
    if (i < 0 || slotOffsets[i] != slotOffset) {
      i = java.util.Arrays.binarySearch(slotOffsets, 0, slots, slotOffset);
      if (i < 0) {
        i = insertSlot(-i - 1, slotOffset);
      }
    }
    slotGood[i] += goodCount;
    slotTotal[i] += totalCount;
  }

  private int insertSlot(int at, int slotOffset) {
    if (slots == slotOffsets.length) {
      int capacity = Math.max(2, slots * 2);
      slotOffsets = java.util.Arrays.copyOf(slotOffsets, capacity);
      slotGood = java.util.Arrays.copyOf(slotGood, capacity);
      slotTotal = java.util.Arrays.copyOf(slotTotal, capacity);
    }
    System.arraycopy(slotOffsets, at, slotOffsets, at + 1, slots - at);
    System.arraycopy(slotGood, at, slotGood, at + 1, slots - at);
    System.arraycopy(slotTotal, at, slotTotal, at + 1, slots - at);
    slotOffsets[at] = slotOffset;
    slotGood[at] = 0;
    slotTotal[at] = 0;
    slots++;
    return at;
  }

  void addLatency(long latencyMicros) {
    if (latencies == null) {
      latencies = new RequestBucket(0);
    }
    latencies.add(latencyMicros, false, null);
  }

  void addSaturation(double saturation) {
    maxSaturation = Double.isNaN(maxSaturation) ? saturation : Math.max(maxSaturation, saturation);
  }
}
