package io.slipstream.processor.slo.engine;

/**
 * The request counts the SLI aggregation still keeps, per service and base bucket: what a newly
 * defined SLO can start from instead of from nothing.
 */
public interface RetainedRequests {
  /** Receives one retained base bucket of a service. */
  @FunctionalInterface
  interface BucketVisitor {
    void visit(long start, long requests, long errors);
  }

  /**
   * Visits, in time order, every retained base bucket of {@code service} (all its operations)
   * starting at or after {@code from}.
   */
  void forEachBucket(String service, long from, BucketVisitor visitor);

  /** The base buckets' length, in ms. */
  long bucketMs();

  /** How long base buckets are kept behind the watermark, in ms. */
  long retentionMs();
}
