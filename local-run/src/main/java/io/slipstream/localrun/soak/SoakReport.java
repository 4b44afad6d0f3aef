package io.slipstream.localrun.soak;

import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * Summary and verdict of a soak run: memory and lag are bounded when the live set (the heap after a
 * full collection, measured at the end of each third of the run) grows by at most 25 % (or 32 MB,
 * whichever is more) over the last third, and the lag at the end is less than {@value
 * #LAG_BOUND_SECONDS} seconds of load. The first third is warm-up (JIT, caches, state stores
 * filling their windows) and is not judged.
 */
public record SoakReport(List<SoakSample> samples, double ratePerSecond) {
  static final int LAG_BOUND_SECONDS = 30;

  public SoakReport {
    samples = List.copyOf(samples);
    if (liveSets(samples).size() < 2) {
      throw new IllegalArgumentException(
          "a soak report needs at least 2 live-set measurements, has " + liveSets(samples).size());
    }
  }

  /** The live sets measured, in MB, in order. */
  public List<Long> liveSetsMb() {
    return liveSets(samples);
  }

  private static List<Long> liveSets(List<SoakSample> samples) {
    return samples.stream().map(SoakSample::liveSetMb).filter(mb -> mb >= 0).toList();
  }

  public long maxLag() {
    return samples.stream().mapToLong(SoakSample::consumerLag).max().orElse(0);
  }

  public SoakSample last() {
    return samples.get(samples.size() - 1);
  }

  public boolean memoryBounded() {
    List<Long> live = liveSetsMb();
    long before = live.get(live.size() - 2);
    return live.get(live.size() - 1) <= Math.max(before * 1.25, before + 32);
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
        "| t (s) | events sent | lag (events) | heap used (MB) | heap after GC (MB) |"
            + " live set (MB) | RSS (MB) | GC count | GC time (ms) | load (1 min) |\n");
    text.append("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
    for (SoakSample s : samples) {
      text.append(
          String.format(
              Locale.ROOT,
              "| %d | %,d | %,d | %d | %d | %s | %d | %d | %d | %.2f |%n",
              s.elapsedSeconds(),
              s.eventsSent(),
              s.consumerLag(),
              s.heapUsedMb(),
              s.heapAfterGcMb(),
              s.liveSetMb() < 0 ? "" : Long.toString(s.liveSetMb()),
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
            + " live set %s MB at the end of each third (%s); RSS %d MB at the end;"
            + " GC %d collections, %.2f %% of the time.",
        last.eventsSent(),
        last.elapsedSeconds(),
        ratePerSecond,
        last.eventsDropped(),
        maxLag(),
        last.consumerLag(),
        lagBounded() ? "bounded" : "NOT bounded",
        liveSetsMb().stream().map(String::valueOf).collect(Collectors.joining(" → ")),
        memoryBounded() ? "bounded" : "NOT bounded",
        last.rssMb(),
        last.gcCount(),
        gcPercent());
  }
}
