package io.slipstream.processor.slo.engine;

import io.slipstream.processor.slo.spec.Indicator;
import io.slipstream.processor.slo.spec.SloDefinition;
import io.slipstream.processor.slo.spec.SloDefinition.Budgeting;

/**
 * Where a newly defined SLO's figures start. An SLO published while the processor runs counts the
 * events processed after it; those processed before are in the SLI aggregates only. Where those
 * answer its indicator exactly (the availability of a whole service: every request counts, an error
 * as the processor classifies it is bad, and base buckets fall inside one evaluation slot), the SLO
 * starts from the retained base buckets; otherwise it starts empty. Either way it says from when
 * its figures hold every event.
 */
final class SloStart {
  private static final long HOUR_MS = 3_600_000L;

  /** Receives the counts of one retained bucket, at the bucket's start. */
  @FunctionalInterface
  interface Counter {
    void count(long time, long good, long total);
  }

  private SloStart() {}

  /**
   * Feeds {@code counter} the retained counts a new SLO can start from, and says from when its
   * figures are complete.
   *
   * @param lastTick the task's last evaluated tick, or {@code Long.MIN_VALUE} before the first
   *     (everything the task has processed is then still in its base buckets)
   * @return the event time from which the SLO's figures hold every event, or {@code Long.MIN_VALUE}
   *     when nothing is known to be missing
   */
  static long backfill(
      SloDefinition definition,
      RetainedRequests retained,
      long lastTick,
      long tickMs,
      Counter counter) {
    return backfill(
        definition,
        retained,
        lastTick,
        answerable(definition, retained.bucketMs(), tickMs),
        counter);
  }

  /**
   * From when the figures of a new grouped SLO are complete: it starts empty, since the aggregates
   * do not know the groups.
   */
  static long withoutBackfill(SloDefinition definition, RetainedRequests retained, long lastTick) {
    return backfill(definition, retained, lastTick, false, (time, good, total) -> {});
  }

  private static long backfill(
      SloDefinition definition,
      RetainedRequests retained,
      long lastTick,
      boolean answerable,
      Counter counter) {
    boolean fresh = lastTick == Long.MIN_VALUE;
    // Whole hours, well inside the buckets' retention: the period counts by hour.
    long from =
        fresh
            ? 0
            : Math.floorDiv(lastTick - retained.retentionMs(), HOUR_MS) * HOUR_MS + 2 * HOUR_MS;
    long[] latestEnd = {Long.MIN_VALUE};
    retained.forEachBucket(
        definition.service(),
        from,
        (start, requests, errors) -> {
          latestEnd[0] = Math.max(latestEnd[0], start + retained.bucketMs());
          if (answerable && requests > 0) {
            counter.count(start, requests - errors, requests);
          }
        });
    if (answerable) {
      return fresh ? Long.MIN_VALUE : from;
    }
    // Every event of the service processed before the definition lies before the end of its
    // latest bucket; every later one is counted.
    return fresh ? latestEnd[0] : Math.max(lastTick, latestEnd[0]);
  }

  /** Whether the base buckets' requests and errors give exactly this SLO's good and total. */
  static boolean answerable(SloDefinition definition, long bucketMs, long tickMs) {
    Indicator indicator = definition.indicator();
    return !(definition.budgeting() instanceof Budgeting.Timeslices)
        && indicator.kind() == Indicator.Kind.REQUESTS
        && indicator.total().isAny()
        && indicator.good() instanceof Indicator.GoodCriterion.NotAnError
        && tickMs % bucketMs == 0;
  }
}
