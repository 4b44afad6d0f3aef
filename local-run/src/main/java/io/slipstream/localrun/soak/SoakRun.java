package io.slipstream.localrun.soak;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Samples a running pipeline at a fixed interval for a fixed time: load sent and dropped, consumer
 * lag, this JVM's memory and GC, the machine's load. Each sample is handed on as it is taken, so a
 * long run shows progress and leaves figures behind even if it is stopped early.
 */
final class SoakRun {
  /** What is sampled besides this JVM: the load's counters and the processor's lag. */
  interface Pipeline {
    long eventsSent();

    long eventsDropped();

    long consumerLag();
  }

  private SoakRun() {}

  /**
   * Takes a sample every {@code interval} (the first one interval after the start) until {@code
   * duration} has passed; at the end of each third of the run, it also measures the live set.
   *
   * @throws InterruptedException if interrupted while waiting for the next sample
   */
  static List<SoakSample> sample(
      Pipeline pipeline, Duration duration, Duration interval, Consumer<SoakSample> onSample)
      throws InterruptedException {
    List<SoakSample> samples = new ArrayList<>();
    long count = duration.toNanos() / interval.toNanos();
    Set<Long> checkpoints = Set.of(count / 3, 2 * count / 3, count);
    long start = System.nanoTime();
    for (long index = 1; index <= count; index++) {
      long next = index * interval.toNanos();
      long wait = start + next - System.nanoTime();
      if (wait > 0) {
        Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
      }
      long elapsedSeconds = Duration.ofNanos(System.nanoTime() - start).toSeconds();
      long sent = pipeline.eventsSent();
      long dropped = pipeline.eventsDropped();
      long lag = pipeline.consumerLag();
      long heapUsed = JvmFigures.heapUsedMb();
      long heapAfterGc = JvmFigures.heapAfterGcMb();
      long heapCommitted = JvmFigures.heapCommittedMb();
      long rss = JvmFigures.rssMb();
      long gcCount = JvmFigures.gcCount();
      long gcMillis = JvmFigures.gcMillis();
      double load = JvmFigures.loadAverage();
      // Last: the forced collection must not show in this sample's other figures.
      long liveSet = checkpoints.contains(index) ? JvmFigures.liveSetMb() : -1;
      SoakSample sample =
          new SoakSample(
              elapsedSeconds,
              sent,
              dropped,
              lag,
              heapUsed,
              heapAfterGc,
              liveSet,
              heapCommitted,
              rss,
              gcCount,
              gcMillis,
              load);
      samples.add(sample);
      onSample.accept(sample);
    }
    return samples;
  }
}
