package io.slipstream.processor.slo.breakdown;

import static org.assertj.core.api.Assertions.assertThat;

import io.slipstream.avro.Outcome;
import java.lang.management.ManagementFactory;
import org.junit.jupiter.api.Test;

/**
 * The hot path allocates nothing once an event's values are kept, nor when they are folded: the
 * engine calls {@link MinuteBreakdown#offerBad} for every bad event.
 */
class BreakdownHotPathTest {
  private static final int EVENTS = 100_000;

  private final com.sun.management.ThreadMXBean threads =
      (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

  @Test
  void shouldNotAllocateForEventsWhoseValuesAreKept() {
    MinuteBreakdown breakdown = new MinuteBreakdown();
    Fields fields = new Fields(8);
    offer(breakdown, fields, 1_000); // the values are kept, the exemplars full

    long allocated = allocatedBy(() -> offer(breakdown, fields, EVENTS));

    assertThat(allocated).as("bytes allocated for %s events", EVENTS).isLessThan(1_000);
    assertThat(breakdown.totalBad()).isEqualTo(1_000 + EVENTS);
  }

  @Test
  void shouldNotAllocateForEventsWhoseValuesAreFolded() {
    MinuteBreakdown breakdown = new MinuteBreakdown(2, 3);
    Fields fields = new Fields(50);
    offer(breakdown, fields, 1_000);

    long allocated = allocatedBy(() -> offer(breakdown, fields, EVENTS));

    assertThat(allocated).as("bytes allocated for %s events", EVENTS).isLessThan(1_000);
    assertThat(breakdown.folded(BreakdownDimension.INSTANCE)).isGreaterThan(EVENTS / 2);
  }

  private long allocatedBy(Runnable work) {
    long before = threads.getCurrentThreadAllocatedBytes();
    work.run();
    return threads.getCurrentThreadAllocatedBytes() - before;
  }

  private static void offer(MinuteBreakdown breakdown, Fields fields, int events) {
    for (int i = 0; i < events; i++) {
      int v = i % fields.operations.length;
      breakdown.offerBad(
          fields.operations[v],
          fields.regions[v],
          null,
          fields.instances[v],
          fields.statuses[v],
          Outcome.ERROR,
          fields.traceIds[i % fields.traceIds.length]);
    }
  }

  /** Event fields made up front, as the Avro decoder hands them over. */
  private static final class Fields {
    final String[] operations;
    final String[] regions;
    final String[] instances;
    final Integer[] statuses;
    final String[] traceIds = new String[64];

    Fields(int values) {
      operations = new String[values];
      regions = new String[values];
      instances = new String[values];
      statuses = new Integer[values];
      for (int v = 0; v < values; v++) {
        operations[v] = "GET /r" + v;
        regions[v] = "region-" + v % 3;
        instances[v] = "pod-" + v;
        statuses[v] = 500 + v % 4;
      }
      for (int i = 0; i < traceIds.length; i++) {
        traceIds[i] = i % 2 == 0 ? null : String.format("%032x", i * 0x9E3779B97F4A7C15L);
      }
    }
  }
}
