package io.slipstream.processor.window;

import io.slipstream.processor.aggregation.RequestBucket;
import io.slipstream.processor.key.SliKey;
import io.slipstream.processor.store.LiveWindowStore;
import org.apache.kafka.streams.state.WindowStoreIterator;

/**
 * Answers "what were the golden signals of this key over [from, to)" from committed aggregates,
 * merging base buckets and rollups along a {@link RollupPlan}. Safe to call from query threads.
 */
public final class SliWindowReader {
  private final LiveWindowStore<SliKey, RequestBucket> buckets;
  private final LiveWindowStore<SliKey, RequestBucket> minutes;
  private final LiveWindowStore<SliKey, RequestBucket> hours;
  private final long bucketMs;

  public SliWindowReader(
      LiveWindowStore<SliKey, RequestBucket> buckets,
      LiveWindowStore<SliKey, RequestBucket> minutes,
      LiveWindowStore<SliKey, RequestBucket> hours,
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
      LiveWindowStore<SliKey, RequestBucket> store =
          switch (run.level()) {
            case BUCKET -> buckets;
            case MINUTE -> minutes;
            case HOUR -> hours;
          };
      try (WindowStoreIterator<RequestBucket> windows =
          store.fetchCommitted(key, run.firstStart(), run.lastStart())) {
        while (windows.hasNext()) {
          total.merge(windows.next().value);
        }
      }
    }
    return total;
  }
}
