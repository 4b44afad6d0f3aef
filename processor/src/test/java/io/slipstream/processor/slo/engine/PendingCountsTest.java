package io.slipstream.processor.slo.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class PendingCountsTest {
  @Test
  void shouldHandOverExactlyTheSlotsBeforeTheTickInTimeOrder() {
    PendingCounts pending = new PendingCounts(10_000);
    pending.add(25_000, 1, 1);
    pending.add(5_000, 0, 1);
    pending.add(29_999, 1, 1);
    pending.add(30_000, 1, 1);

    List<String> drained = new ArrayList<>();
    pending.drainBefore(
        30_000, (slot, good, total) -> drained.add(slot + ":" + good + "/" + total));

    assertThat(drained).containsExactly("0:0/1", "20000:2/2");
    assertThat(pending.isEmpty()).isFalse();
    pending.drainBefore(
        40_000, (slot, good, total) -> drained.add(slot + ":" + good + "/" + total));
    assertThat(drained).endsWith("30000:1/1");
    assertThat(pending.isEmpty()).isTrue();
  }

  @Test
  void shouldKeepCountingIntoASlotAfterItsNeighbourWasDrained() {
    PendingCounts pending = new PendingCounts(10_000);
    pending.add(1_000, 1, 1);
    pending.drainBefore(10_000, (slot, good, total) -> {});
    pending.add(1_000, 1, 1); // the cached slot was drained: counted afresh
    List<Long> totals = new ArrayList<>();
    pending.drainBefore(10_000, (slot, good, total) -> totals.add(total));
    assertThat(totals).containsExactly(1L);
  }
}
