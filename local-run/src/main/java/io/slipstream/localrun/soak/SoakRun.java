package io.slipstream.localrun.soak;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
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
   * duration} has passed.
   *
   * @throws InterruptedException if interrupted while waiting for the next sample
   */
  static List<SoakSample> sample(
      Pipeline pipeline, Duration duration, Duration interval, Consumer<SoakSample> onSample)
      throws InterruptedException {
    List<SoakSample> samples = new ArrayList<>();
    long start = System.nanoTime();
    for (long next = interval.toNanos(); next <= duration.toNanos(); next += interval.toNanos()) {
      long wait = start + next - System.nanoTime();
      if (wait > 0) {
        Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
      }
      SoakSample sample =
          new SoakSample(
              Duration.ofNanos(System.nanoTime() - start).toSeconds(),
              pipeline.eventsSent(),
              pipeline.eventsDropped(),
              pipeline.consumerLag(),
              JvmFigures.heapUsedMb(),
              JvmFigures.heapAfterGcMb(),
              JvmFigures.heapCommittedMb(),
              JvmFigures.rssMb(),
              JvmFigures.gcCount(),
              JvmFigures.gcMillis(),
              JvmFigures.loadAverage());
      samples.add(sample);
      onSample.accept(sample);
    }
    return samples;
  }
}
