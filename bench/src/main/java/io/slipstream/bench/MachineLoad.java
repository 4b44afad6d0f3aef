package io.slipstream.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How busy the whole machine is, from {@code /proc/stat} (Linux): a benchmark on a shared machine
 * must say whether something else was running, and should wait until nothing is.
 */
final class MachineLoad {
  private static final Logger LOG = LoggerFactory.getLogger(MachineLoad.class);
  private static final Path PROC_STAT = Path.of("/proc/stat");

  private MachineLoad() {}

  /**
   * Cumulative CPU time of all cores since boot, in clock ticks.
   *
   * @param busy ticks not idle and not waiting for I/O
   * @param total all ticks
   */
  record Sample(long busy, long total) {}

  /** The current counters, or empty where {@code /proc/stat} does not exist. */
  static Optional<Sample> sample() {
    try {
      String first = Files.readAllLines(PROC_STAT).get(0);
      return Optional.of(parse(first));
    } catch (IOException | RuntimeException e) {
      return Optional.empty();
    }
  }

  /** Parses the aggregate {@code cpu} line: user nice system idle iowait irq softirq steal. */
  static Sample parse(String cpuLine) {
    String[] fields = cpuLine.trim().split("\\s+");
    if (!fields[0].equals("cpu")) {
      throw new IllegalArgumentException("not the aggregate cpu line: " + cpuLine);
    }
    long total = 0;
    // Guest time is already included in user and nice: count the first eight fields only.
    for (int i = 1; i < Math.min(fields.length, 9); i++) {
      total += Long.parseLong(fields[i]);
    }
    long idle = Long.parseLong(fields[4]) + Long.parseLong(fields[5]);
    return new Sample(total - idle, total);
  }

  /** The share of all cores that was busy between two samples, in [0, 1], or NaN. */
  static double busyShare(Optional<Sample> from, Optional<Sample> to) {
    if (from.isEmpty() || to.isEmpty() || to.get().total() <= from.get().total()) {
      return Double.NaN;
    }
    return (double) (to.get().busy() - from.get().busy()) / (to.get().total() - from.get().total());
  }

  /**
   * Waits until the machine's busy share over a 2 s window is at most {@code maxBusyShare}, for at
   * most {@code timeout}.
   *
   * @return the last measured busy share (NaN where unknown): at most the threshold unless the
   *     timeout passed
   */
  static double awaitQuiet(double maxBusyShare, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    double share;
    do {
      Optional<Sample> before = sample();
      sleep(Duration.ofSeconds(2));
      share = busyShare(before, sample());
      if (Double.isNaN(share) || share <= maxBusyShare) {
        return share;
      }
      LOG.info(
          "machine is {} % busy with other work; waiting for it to fall below {} %",
          Math.round(100 * share), Math.round(100 * maxBusyShare));
    } while (System.nanoTime() < deadline);
    LOG.warn(
        "machine still {} % busy after {}; measuring anyway", Math.round(100 * share), timeout);
    return share;
  }

  private static void sleep(Duration duration) {
    try {
      // A measurement window, bounded by the caller's deadline.
      TimeUnit.MILLISECONDS.sleep(duration.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while measuring the machine's load", e);
    }
  }
}
