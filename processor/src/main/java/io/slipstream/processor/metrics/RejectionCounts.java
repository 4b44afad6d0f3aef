package io.slipstream.processor.metrics;

import io.slipstream.processor.validation.RejectionReason;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counts records sent to dead-letter topics, by source topic and reason. Shared by all stream
 * threads of one processor instance; read by the metrics endpoint. A record reprocessed after an
 * aborted transaction is counted again: these are operational metrics, not results.
 */
public final class RejectionCounts {
  /** The metric's labels. */
  public record Label(String topic, RejectionReason reason) {}

  private final Map<Label, LongAdder> counts = new ConcurrentHashMap<>();
  private final LateEvents late = new LateEvents();

  /** Late events that were still counted: the other side of the input's accounting. */
  public LateEvents late() {
    return late;
  }

  /**
   * Counts from zero every reason of {@code topic} and its late events, so that each series exists
   * before its first record: Prometheus' {@code increase()} sees a series that appears at 1 as no
   * increase, and the alert on dead letters would miss the first one.
   */
  public void expect(String topic) {
    for (RejectionReason reason : RejectionReason.values()) {
      counts.computeIfAbsent(new Label(topic, reason), label -> new LongAdder());
    }
    late.expect(topic);
  }

  public void increment(String topic, RejectionReason reason) {
    counts.computeIfAbsent(new Label(topic, reason), label -> new LongAdder()).increment();
  }

  public long count(String topic, RejectionReason reason) {
    LongAdder adder = counts.get(new Label(topic, reason));
    return adder == null ? 0 : adder.sum();
  }

  /** Every count of an expected topic or a refused record, sorted by topic and reason. */
  public Map<Label, Long> snapshot() {
    Map<Label, Long> copy =
        new TreeMap<>(java.util.Comparator.comparing(Label::topic).thenComparing(Label::reason));
    counts.forEach((label, adder) -> copy.put(label, adder.sum()));
    return copy;
  }
}
