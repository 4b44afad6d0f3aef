package io.slipstream.processor.aggregation;

/**
 * A minute or hour rollup: the merged aggregate of the base buckets folded into it so far, and the
 * end of the last one folded.
 *
 * <p>Why rollups are folded rather than updated per event: an event then updates two aggregates
 * (its service's and its operation's base bucket) instead of six, and an open rollup is not
 * re-encoded at every commit. Base buckets are folded when they close, in time order, so a rollup
 * holds exactly the base buckets of its window that start before {@link #foldedUntil()}; a reader
 * adds the base buckets from there to the end of the window. Both are committed in the same
 * transaction, and a closed base bucket never changes, so whatever commit a reader sees, it counts
 * each bucket once.
 */
public final class RollupBucket {
  /** {@link #foldedUntil()} of a rollup nothing has been folded into. */
  public static final long NOTHING_FOLDED = Long.MIN_VALUE;

  private final RequestBucket aggregate;
  private long foldedUntil;

  /** An empty rollup. */
  public RollupBucket() {
    this(new RequestBucket(), NOTHING_FOLDED);
  }

  RollupBucket(RequestBucket aggregate, long foldedUntil) {
    this.aggregate = aggregate;
    this.foldedUntil = foldedUntil;
  }

  /**
   * Adds a closed base bucket ending at {@code baseBucketEnd}; {@code base} is not modified.
   * Buckets must be folded in time order.
   */
  public void fold(RequestBucket base, long baseBucketEnd) {
    aggregate.merge(base);
    foldedUntil = Math.max(foldedUntil, baseBucketEnd);
  }

  /** Everything folded so far; the caller must not modify it. */
  public RequestBucket aggregate() {
    return aggregate;
  }

  /**
   * The end of the last base bucket folded in, or {@link #NOTHING_FOLDED}: the rollup holds every
   * base bucket of its window that starts before this.
   */
  public long foldedUntil() {
    return foldedUntil;
  }
}
