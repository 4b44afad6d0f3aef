package io.slipstream.localrun.soak;

import java.util.List;
import java.util.Locale;

/**
 * Summary and verdict of a soak run: memory and lag are bounded when, over the last third of the
 * run, the heap after GC stays within 25 % (or 32 MB, whichever is more) of its peak over the
 * middle third, and the lag at the end is less than {@value #LAG_BOUND_SECONDS} seconds of load.
 * The first third is warm-up (JIT, caches, state stores filling their windows) and is not judged.
 */
public record SoakReport(List<SoakSample> samples, double ratePerSecond) {
  static final int LAG_BOUND_SECONDS = 30;

  public SoakReport {
    samples = List.copyOf(samples);
    if (samples.size() < 3) {
      throw new IllegalArgumentException(
          "a soak report needs at least 3 samples, has " + samples.size());
    }
  }

  /** Peak of the heap after GC over the middle third of the samples. */
  public long middleHeapAfterGcPeakMb() {
    return samples.subList(samples.size() / 3, 2 * samples.size() / 3).stream()
        .mapToLong(SoakSample::heapAfterGcMb)
        .max()
        .orElse(0);
  }

  /** Peak of the heap after GC over the last third. */
  public long lastHeapAfterGcPeakMb() {
    return samples.subList(2 * samples.size() / 3, samples.size()).stream()
        .mapToLong(SoakSample::heapAfterGcMb)
        .max()
        .orElse(0);
  }

  public long maxLag() {
    return samples.stream().mapToLong(SoakSample::consumerLag).max().orElse(0);
  }

  public SoakSample last() {
    return samples.get(samples.size() - 1);
  }

  public boolean memoryBounded() {
    long middle = middleHeapAfterGcPeakMb();
    return lastHeapAfterGcPeakMb() <= Math.max(middle * 1.25, middle + 32);
  }

  public boolean lagBounded() {
    return last().consumerLag() < ratePerSecond * LAG_BOUND_SECONDS;
  }

  /** Share of wall time spent in GC over the whole run, in percent. */
  public double gcPercent() {
    SoakSample last = last();
    return last.elapsedSeconds() == 0
        ? 0
        : 100.0 * last.gcMillis() / (last.elapsedSeconds() * 1000.0);
  }

  /** A Markdown table of the samples and the verdict, for the benchmarks document. */
  public String markdown() {
    StringBuilder text = new StringBuilder();
    text.append(
        "| t (s) | events sent | lag (events) | heap used (MB) | heap after GC (MB) | RSS (MB) |"
            + " GC count | GC time (ms) | load (1 min) |\n");
    text.append("|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
    for (SoakSample s : samples) {
      text.append(
          String.format(
              Locale.ROOT,
              "| %d | %,d | %,d | %d | %d | %d | %d | %d | %.2f |%n",
              s.elapsedSeconds(),
              s.eventsSent(),
              s.consumerLag(),
              s.heapUsedMb(),
              s.heapAfterGcMb(),
              s.rssMb(),
              s.gcCount(),
              s.gcMillis(),
              s.loadAverage()));
    }
    text.append('\n').append(verdict()).append('\n');
    return text.toString();
  }

  /** One paragraph: the figures the verdict rests on, and the verdict. */
  public String verdict() {
    SoakSample last = last();
    return String.format(
        Locale.ROOT,
        "%,d events in %d s (%.0f/s asked, %,d dropped); lag at most %,d, %,d at the end (%s);"
            + " heap after GC peaked at %d MB in the middle third, %d MB in the last third (%s);"
            + " RSS %d MB at the end; GC %d collections, %.2f %% of the time.",
        last.eventsSent(),
        last.elapsedSeconds(),
        ratePerSecond,
        last.eventsDropped(),
        maxLag(),
        last.consumerLag(),
        lagBounded() ? "bounded" : "NOT bounded",
        middleHeapAfterGcPeakMb(),
        lastHeapAfterGcPeakMb(),
        memoryBounded() ? "bounded" : "NOT bounded",
        last.rssMb(),
        last.gcCount(),
        gcPercent());
  }
}
