package io.slipstream.processor.metrics;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAccumulator;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counts late events that were still counted (their base bucket had closed, so the buckets and SLOs
 * they touched were revised), by source topic, with how far behind the watermark they were. Shared
 * by all stream threads of one processor instance; read by the metrics endpoint.
 */
public final class LateEvents {
  /** One topic's figures. */
  public static final class Figures {
    private final LongAdder count = new LongAdder();
    private final LongAdder totalLatenessMs = new LongAdder();
    private final LongAccumulator maxLatenessMs = new LongAccumulator(Math::max, 0);

    public long count() {
      return count.sum();
    }

    /** The sum of every counted late event's lateness, in milliseconds. */
    public long totalLatenessMs() {
      return totalLatenessMs.sum();
    }

    /** The largest lateness seen since the process started, in milliseconds. */
    public long maxLatenessMs() {
      return maxLatenessMs.get();
    }
  }

  private final Map<String, Figures> byTopic = new ConcurrentHashMap<>();

  /** Counts {@code topic} from zero before its first late event. */
  void expect(String topic) {
    byTopic.computeIfAbsent(topic, t -> new Figures());
  }

  /** Notes one late event of {@code topic}, {@code latenessMs} behind the watermark. */
  public void record(String topic, long latenessMs) {
    Figures figures = byTopic.computeIfAbsent(topic, t -> new Figures());
    figures.count.increment();
    figures.totalLatenessMs.add(latenessMs);
    figures.maxLatenessMs.accumulate(latenessMs);
  }

  public long count(String topic) {
    Figures figures = byTopic.get(topic);
    return figures == null ? 0 : figures.count();
  }

  /** Every topic's figures, sorted by topic. */
  public Map<String, Figures> snapshot() {
    return new TreeMap<>(byTopic);
  }
}
