package io.slipstream.localrun.soak;

/**
 * One sample of a soak run.
 *
 * @param elapsedSeconds wall time since the load started
 * @param eventsSent request events handed to the publisher so far
 * @param eventsDropped request events the publisher could not deliver so far
 * @param consumerLag request events not yet committed as processed by the processor's group
 * @param heapUsedMb heap in use at the moment of sampling (garbage included)
 * @param heapAfterGcMb heap still in use after the most recent collection (young or old): the live
 *     set and the garbage no collection has reached yet
 * @param liveSetMb heap in use right after a full collection forced for this sample, or -1 when
 *     none was forced (only at a few checkpoints: a full collection stops the pipeline)
 * @param heapCommittedMb heap the JVM has reserved
 * @param rssMb resident set size of the whole process (heap, off-heap, RocksDB, thread stacks)
 * @param gcCount collections so far
 * @param gcMillis time spent in collections so far
 * @param loadAverage the machine's one-minute load average
 */
public record SoakSample(
    long elapsedSeconds,
    long eventsSent,
    long eventsDropped,
    long consumerLag,
    long heapUsedMb,
    long heapAfterGcMb,
    long liveSetMb,
    long heapCommittedMb,
    long rssMb,
    long gcCount,
    long gcMillis,
    double loadAverage) {

  /** The CSV header matching {@link #csv()}. */
  public static final String CSV_HEADER =
      "elapsed_s,events_sent,events_dropped,consumer_lag,heap_used_mb,heap_after_gc_mb,"
          + "live_set_mb,heap_committed_mb,rss_mb,gc_count,gc_ms,load_1m";

  public String csv() {
    return String.format(
        java.util.Locale.ROOT,
        "%d,%d,%d,%d,%d,%d,%d,%d,%d,%d,%d,%.2f",
        elapsedSeconds,
        eventsSent,
        eventsDropped,
        consumerLag,
        heapUsedMb,
        heapAfterGcMb,
        liveSetMb,
        heapCommittedMb,
        rssMb,
        gcCount,
        gcMillis,
        loadAverage);
  }
}
