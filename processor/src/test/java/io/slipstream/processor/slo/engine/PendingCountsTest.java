package io.slipstream.processor.slo.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
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

  @Test
  void shouldDrainWhatASortedMapOfSlotsWouldWithOneSlotOrMany() {
    Random random = new Random(13);
    for (int round = 0; round < 500; round++) {
      PendingCounts pending = new PendingCounts(10_000);
      TreeMap<Long, long[]> oracle = new TreeMap<>();
      long tick = 0;
      for (int step = 0; step < 30; step++) {
        if (random.nextInt(4) == 0) {
          tick += 10_000L * (1 + random.nextInt(2));
          List<String> drained = new ArrayList<>();
          pending.drainBefore(
              tick, (slot, good, total) -> drained.add(slot + ":" + good + "/" + total));
          List<String> expected = new ArrayList<>();
          Map<Long, long[]> before = oracle.headMap(tick);
          before.forEach((slot, counts) -> expected.add(slot + ":" + counts[0] + "/" + counts[1]));
          before.clear();
          assertThat(drained).as("round %d, tick %d", round, tick).isEqualTo(expected);
        } else {
          // Mostly the slot just after the tick, sometimes later ones (an input ahead).
          long time =
              tick + (random.nextInt(3) == 0 ? random.nextInt(40_000) : random.nextInt(10_000));
          long good = random.nextInt(2);
          pending.add(time, good, 1);
          long[] counts = oracle.computeIfAbsent(time / 10_000 * 10_000, slot -> new long[2]);
          counts[0] += good;
          counts[1] += 1;
        }
        assertThat(pending.isEmpty()).isEqualTo(oracle.isEmpty());
      }
    }
  }
}
