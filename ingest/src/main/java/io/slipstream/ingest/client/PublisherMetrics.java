package io.slipstream.ingest.client;

import java.util.concurrent.atomic.LongAdder;

/**
 * Counters of a {@link SlipstreamPublisher}, safe to read from any thread at any time.
 *
 * <p>Every event accepted by {@code record(...)} ends up in exactly one of {@link #sent()}, {@link
 * #replayed()} or {@link #dropped()} (an event that was spooled is also counted in {@link
 * #spooled()} before it is replayed), unless it is still queued, in flight, or left in the spool at
 * close for the next publisher on the same directory.
 */
public final class PublisherMetrics {

  private final LongAdder sent = new LongAdder();
  private final LongAdder spooled = new LongAdder();
  private final LongAdder replayed = new LongAdder();
  private final LongAdder droppedQueueFull = new LongAdder();
  private final LongAdder droppedSpoolFull = new LongAdder();
  private final LongAdder droppedFailed = new LongAdder();
  private final LongAdder droppedClosed = new LongAdder();
  private volatile long spoolBacklogBytes;
  private volatile long spoolCorruptBytes;
  private volatile int inFlight;

  PublisherMetrics() {}

  /** Events Kafka acknowledged that never went through the spool. */
  public long sent() {
    return sent.sum();
  }

  /** Events written to the spool because Kafka was unreachable or the in-flight limit was hit. */
  public long spooled() {
    return spooled.sum();
  }

  /** Events read back from the spool that Kafka acknowledged. */
  public long replayed() {
    return replayed.sum();
  }

  /** Events given up on, for any of the reasons below. Never silent: also logged. */
  public long dropped() {
    return droppedQueueFull() + droppedSpoolFull() + droppedFailed() + droppedClosed();
  }

  /** Events refused because the in-memory queue was full (the sender fell behind). */
  public long droppedQueueFull() {
    return droppedQueueFull.sum();
  }

  /** Events refused because the spool reached its disk cap. */
  public long droppedSpoolFull() {
    return droppedSpoolFull.sum();
  }

  /** Events Kafka refused for good (too large, not authorised) or that could not be encoded. */
  public long droppedFailed() {
    return droppedFailed.sum();
  }

  /** Events recorded after {@code close()}. */
  public long droppedClosed() {
    return droppedClosed.sum();
  }

  /** Bytes in the spool not yet acknowledged by Kafka. */
  public long spoolBacklogBytes() {
    return spoolBacklogBytes;
  }

  /** Bytes of torn or corrupt spool records discarded (a crash mid-write costs one record). */
  public long spoolCorruptBytes() {
    return spoolCorruptBytes;
  }

  /** Events handed to the Kafka producer and not acknowledged yet. */
  public int inFlight() {
    return inFlight;
  }

  void incrementSent() {
    sent.increment();
  }

  void incrementSpooled() {
    spooled.increment();
  }

  void incrementReplayed() {
    replayed.increment();
  }

  void incrementDroppedQueueFull() {
    droppedQueueFull.increment();
  }

  void incrementDroppedSpoolFull() {
    droppedSpoolFull.increment();
  }

  void incrementDroppedFailed() {
    droppedFailed.increment();
  }

  void incrementDroppedClosed() {
    droppedClosed.increment();
  }

  void updateSpool(long backlogBytes, long corruptBytes) {
    this.spoolBacklogBytes = backlogBytes;
    this.spoolCorruptBytes = corruptBytes;
  }

  void updateInFlight(int count) {
    this.inFlight = count;
  }

  @Override
  public String toString() {
    return "sent="
        + sent()
        + " spooled="
        + spooled()
        + " replayed="
        + replayed()
        + " dropped="
        + dropped()
        + " (queue-full="
        + droppedQueueFull()
        + " spool-full="
        + droppedSpoolFull()
        + " failed="
        + droppedFailed()
        + " closed="
        + droppedClosed()
        + ") in-flight="
        + inFlight
        + " spool-backlog-bytes="
        + spoolBacklogBytes;
  }
}
