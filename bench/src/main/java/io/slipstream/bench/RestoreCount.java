package io.slipstream.bench;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.streams.processor.StateRestoreListener;

/** Counts restored changelog records and the stores still restoring. Thread-safe. */
final class RestoreCount implements StateRestoreListener {
  private final AtomicLong records = new AtomicLong();
  private final AtomicInteger restoring = new AtomicInteger();
  private final AtomicInteger started = new AtomicInteger();

  @Override
  public void onRestoreStart(TopicPartition partition, String store, long start, long end) {
    restoring.incrementAndGet();
    started.incrementAndGet();
  }

  @Override
  public void onBatchRestored(TopicPartition partition, String store, long end, long count) {
    records.addAndGet(count);
  }

  @Override
  public void onRestoreEnd(TopicPartition partition, String store, long total) {
    restoring.decrementAndGet();
  }

  long records() {
    return records.get();
  }

  /** Whether some restoration started and none is still running. */
  boolean isIdle() {
    return started.get() > 0 && restoring.get() == 0;
  }
}
