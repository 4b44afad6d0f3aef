package io.slipstream.processor.topology;

/**
 * How far behind the broker an input partition's consumer is. An input with a known backlog holds
 * the watermark back before it has delivered anything (its records are on their way), and only an
 * input known to be caught up may let its event-time progress follow the wall clock while idle.
 */
@FunctionalInterface
public interface InputLag {
  /** The lag when the consumer has not reported one yet. */
  long UNKNOWN = -1;

  /**
   * For tests without a consumer (a {@code TopologyTestDriver} delivers every record it is given at
   * once): every input is caught up.
   */
  InputLag ALWAYS_CAUGHT_UP = (topic, partition) -> 0;

  /**
   * @return the records the broker holds beyond what this instance consumed, or {@link #UNKNOWN}
   */
  long lag(String topic, int partition);
}
