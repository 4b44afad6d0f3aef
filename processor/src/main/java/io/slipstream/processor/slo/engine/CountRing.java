package io.slipstream.processor.slo.engine;

import java.util.Arrays;

/**
 * Good and total counts per time bucket over a trailing horizon, with the sums of several trailing
 * windows maintained incrementally: adding an event updates each window's sum, and moving time
 * forward by one bucket subtracts the one bucket that leaves each window. A 3-day window therefore
 * costs what a 5-minute one does, per event and per tick.
 *
 * <p>Window {@code w} at end bucket {@code E} covers the buckets starting in (E − w, E]: the
 * current, possibly partial, bucket and the w/size − 1 before it. Times are epoch milliseconds;
 * buckets are aligned to multiples of the bucket size. Not thread-safe.
 *
 * <p>Per bucket the ring keeps the total and the bad count (total − good), each in {@link
 * PackedCounts}: bad counts are mostly zero and totals mostly small, so a 3-day ring of minutes
 * takes a few kilobytes instead of 70.
 */
final class CountRing {
  private final long bucketMs;

  /** Null until a bad count is written: most rings of a healthy SLO never have one. */
  private PackedCounts bad;

  private final PackedCounts total;
  private final long[] windowBuckets;

  /** Each window's good count at {@code 2i} and total at {@code 2i + 1}: one array, not two. */
  private final long[] windowSums;

  /** Start of the newest bucket, or Long.MIN_VALUE before the first event. */
  private long end = Long.MIN_VALUE;

  /**
   * @param bucketMs bucket size
   * @param windowsMs the windows to maintain, each a multiple of the bucket size; the longest sets
   *     the horizon kept
   */
  CountRing(long bucketMs, long[] windowsMs) {
    this(bucketMs, bucketsOf(bucketMs, windowsMs), true);
  }

  /**
   * A ring over windows given in buckets, which it shares and never changes: many rings with the
   * same windows hold one array.
   */
  CountRing(long bucketMs, long[] windowBuckets, boolean shared) {
    this.bucketMs = bucketMs;
    this.windowBuckets = windowBuckets;
    long longest = 1;
    for (long buckets : windowBuckets) {
      longest = Math.max(longest, buckets);
    }
    // One bucket beyond the longest window: the one that just left it, whose total says whether
    // the window's tail has anything to read (totalAt).
    this.total = new PackedCounts((int) longest + 1);
    this.windowSums = new long[2 * windowBuckets.length];
  }

  private static long[] bucketsOf(long bucketMs, long[] windowsMs) {
    long[] buckets = new long[windowsMs.length];
    for (int i = 0; i < windowsMs.length; i++) {
      if (windowsMs[i] % bucketMs != 0 || windowsMs[i] <= 0) {
        throw new IllegalArgumentException(
            "window " + windowsMs[i] + " ms is not a positive multiple of " + bucketMs);
      }
      buckets[i] = windowsMs[i] / bucketMs;
    }
    return buckets;
  }

  /** Start of the newest bucket, or {@link Long#MIN_VALUE} before anything was added. */
  long end() {
    return end;
  }

  /**
   * Adds counts to the bucket containing {@code time}, first moving the end forward if the bucket
   * is newer. Counts for a bucket already past the horizon are ignored (they belong to no window).
   */
  void add(long time, long goodCount, long totalCount) {
    long bucket = Math.floorDiv(time, bucketMs) * bucketMs;
    if (end == Long.MIN_VALUE) {
      end = bucket;
    } else if (bucket > end) {
      advanceTo(bucket);
    }
    long age = (end - bucket) / bucketMs;
    if (age >= total.length()) {
      return;
    }
    int slot = slot(bucket);
    if (totalCount != goodCount) {
      if (bad == null) {
        bad = new PackedCounts(total.length());
      }
      bad.add(slot, totalCount - goodCount);
    }
    total.add(slot, totalCount);
    for (int i = 0; i < windowBuckets.length; i++) {
      if (age < windowBuckets[i]) {
        windowSums[2 * i] += goodCount;
        windowSums[2 * i + 1] += totalCount;
      }
    }
  }

  /** Moves the end to the bucket containing {@code time}, dropping what leaves each window. */
  void advanceTo(long time) {
    long bucket = Math.floorDiv(time, bucketMs) * bucketMs;
    if (end == Long.MIN_VALUE) {
      end = bucket;
      return;
    }
    long steps = (bucket - end) / bucketMs;
    if (steps <= 0) {
      return;
    }
    if (steps >= total.length()) {
      // Everything leaves every window.
      bad = null;
      total.clear();
      Arrays.fill(windowSums, 0);
      end = bucket;
      return;
    }
    for (long step = 0; step < steps; step++) {
      end += bucketMs;
      for (int i = 0; i < windowBuckets.length; i++) {
        // The bucket now windowBuckets[i] behind the end has just left window i.
        long leaving = end - windowBuckets[i] * bucketMs;
        int slot = slot(leaving);
        long leavingTotal = total.get(slot);
        windowSums[2 * i] -= leavingTotal - (bad == null ? 0 : bad.get(slot));
        windowSums[2 * i + 1] -= leavingTotal;
      }
      // The slot of the new end held the bucket one horizon ago, which has left every window.
      int fresh = slot(end);
      if (bad != null) {
        bad.set(fresh, 0);
      }
      total.set(fresh, 0);
    }
  }

  /**
   * The total of the bucket containing {@code time}, or -1 when the ring does not hold it (newer
   * than the end, or older than the longest window and the bucket before it).
   */
  long totalAt(long time) {
    long bucket = Math.floorDiv(time, bucketMs) * bucketMs;
    if (end == Long.MIN_VALUE || bucket > end || (end - bucket) / bucketMs >= total.length()) {
      return -1;
    }
    return total.get(slot(bucket));
  }

  /**
   * Where the ring next has counts at or after {@code time}: the start of the first bucket from the
   * one containing {@code time} whose total is not zero, looking at most {@code maxBuckets} buckets
   * (then the start of the first bucket not looked at, where the search would go on), or {@link
   * Long#MAX_VALUE} when every bucket up to the end is empty.
   */
  long nextCountsFrom(long time, int maxBuckets) {
    if (end == Long.MIN_VALUE) {
      return Long.MAX_VALUE;
    }
    long from = Math.max(Math.floorDiv(time, bucketMs) * bucketMs, oldest());
    if (from > end) {
      return Long.MAX_VALUE;
    }
    int inRing = (int) ((end - from) / bucketMs) + 1;
    int looked = Math.min(maxBuckets, inRing);
    int distance = total.distanceToNonZero(slot(from), looked);
    if (distance >= 0) {
      return from + distance * bucketMs;
    }
    return looked == inRing ? Long.MAX_VALUE : from + looked * bucketMs;
  }

  /** The start of the oldest bucket the ring holds. */
  private long oldest() {
    return end - (total.length() - 1) * bucketMs;
  }

  long windowGood(int window) {
    return windowSums[2 * window];
  }

  long windowTotal(int window) {
    return windowSums[2 * window + 1];
  }

  private int slot(long bucketStart) {
    return (int) Math.floorMod(bucketStart / bucketMs, (long) total.length());
  }
}
