package io.slipstream.processor.window;

import io.slipstream.processor.aggregation.RequestBucket;
import io.slipstream.processor.aggregation.RollupBucket;
import io.slipstream.processor.key.SliKey;
import io.slipstream.processor.store.LiveWindowStore;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.WindowStoreIterator;

/**
 * Answers "what were the golden signals of this key over [from, to)" from committed aggregates,
 * merging base buckets and rollups along a {@link RollupPlan}. Safe to call from query threads.
 *
 * <p>A rollup holds the base buckets folded into it so far ({@link RollupBucket#foldedUntil()});
 * the rest of its window, still open or not yet folded, is read from the base buckets.
 */
public final class SliWindowReader {
  private final LiveWindowStore<SliKey, RequestBucket> buckets;
  private final LiveWindowStore<SliKey, RollupBucket> minutes;
  private final LiveWindowStore<SliKey, RollupBucket> hours;
  private final long bucketMs;

  public SliWindowReader(
      LiveWindowStore<SliKey, RequestBucket> buckets,
      LiveWindowStore<SliKey, RollupBucket> minutes,
      LiveWindowStore<SliKey, RollupBucket> hours,
      long bucketMs) {
    this.buckets = buckets;
    this.minutes = minutes;
    this.hours = hours;
    this.bucketMs = bucketMs;
  }

  /**
   * The merged aggregate of {@code key} over [from, to), empty when nothing was recorded. Bounds
   * must be multiples of the bucket size. Windows older than a level's retention contribute
   * nothing.
   */
  public RequestBucket read(SliKey key, long from, long to) {
    RequestBucket total = new RequestBucket();
    for (RollupPlan.Run run : RollupPlan.cover(from, to, bucketMs)) {
      switch (run.level()) {
        case BUCKET -> mergeBuckets(total, key, run.firstStart(), run.lastStart());
        case MINUTE -> mergeRollups(total, minutes, key, run, RollupPlan.MINUTE_MS);
        case HOUR -> mergeRollups(total, hours, key, run, RollupPlan.HOUR_MS);
      }
    }
    return total;
  }

  private void mergeRollups(
      RequestBucket total,
      LiveWindowStore<SliKey, RollupBucket> store,
      SliKey key,
      RollupPlan.Run run,
      long size) {
    Map<Long, RollupBucket> rollups = new HashMap<>();
    try (WindowStoreIterator<RollupBucket> windows =
        store.fetchCommitted(key, run.firstStart(), run.lastStart())) {
      while (windows.hasNext()) {
        KeyValue<Long, RollupBucket> window = windows.next();
        rollups.put(window.key, window.value);
      }
    }
    for (long start = run.firstStart(); start <= run.lastStart(); start += size) {
      RollupBucket rollup = rollups.get(start);
      long unfoldedFrom = start;
      if (rollup != null) {
        total.merge(rollup.aggregate());
        unfoldedFrom = Math.max(start, rollup.foldedUntil());
      }
      if (unfoldedFrom < start + size) {
        mergeBuckets(total, key, unfoldedFrom, start + size - bucketMs);
      }
    }
  }

  private void mergeBuckets(RequestBucket total, SliKey key, long firstStart, long lastStart) {
    try (WindowStoreIterator<RequestBucket> windows =
        buckets.fetchCommitted(key, firstStart, lastStart)) {
      while (windows.hasNext()) {
        total.merge(windows.next().value);
      }
    }
  }
}
