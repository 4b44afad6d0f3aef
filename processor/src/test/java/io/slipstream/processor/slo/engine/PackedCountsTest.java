package io.slipstream.processor.slo.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;

class PackedCountsTest {

  @Test
  void shouldReadBackWhatWasWrittenAtEveryWidth() {
    Random random = new Random(7);
    int length = 4_320;
    PackedCounts packed = new PackedCounts(length);
    long[] expected = new long[length];
    long[] magnitudes = {0, 1, 255, 256, 65_535, 65_536, 4_294_967_295L, 4_294_967_296L};
    for (int step = 0; step < 50_000; step++) {
      int index = random.nextInt(length);
      long value =
          random.nextInt(4) == 0
              ? magnitudes[random.nextInt(magnitudes.length)]
              : random.nextInt(300);
      setOrAdd(random.nextBoolean(), packed, expected, index, value);
    }
    for (int i = 0; i < length; i++) {
      assertThat(packed.get(i)).as("index %d", i).isEqualTo(expected[i]);
    }
  }

  @Test
  void shouldReadBackWhatWasWrittenWithFewChunksInUseAndAfterThereAreMany() {
    Random random = new Random(3);
    for (int round = 0; round < 100; round++) {
      int length = 4_321;
      PackedCounts packed = new PackedCounts(length);
      long[] expected = new long[length];
      // 1 to 12 chunks in use: listed sparsely up to 8, then in a table, switching on the way.
      int[] chunksInUse = random.ints(1 + random.nextInt(12), 0, (length + 63) / 64).toArray();
      for (int step = 0; step < 200; step++) {
        int chunk = chunksInUse[random.nextInt(chunksInUse.length)];
        int index = Math.min(length - 1, chunk * 64 + random.nextInt(64));
        long value = random.nextInt(5) == 0 ? 1L << random.nextInt(40) : random.nextInt(3);
        packed.set(index, value);
        expected[index] = value;
        int probe = random.nextInt(length);
        assertThat(packed.get(probe))
            .as("round %d, index %d", round, probe)
            .isEqualTo(expected[probe]);
      }
      for (int i = 0; i < length; i++) {
        assertThat(packed.get(i)).as("round %d, index %d", round, i).isEqualTo(expected[i]);
      }
      int from = random.nextInt(length);
      int distance = distanceByScan(expected, from, length);
      assertThat(packed.distanceToNonZero(from, length)).isEqualTo(distance);
    }
  }

  @Test
  void shouldKeepNegativeValuesAndNeighboursWhenAChunkWidens() {
    PackedCounts packed = new PackedCounts(130);
    packed.set(64, 3);
    packed.set(65, -2);
    packed.set(127, 1L << 40);
    assertThat(packed.get(64)).isEqualTo(3);
    assertThat(packed.get(65)).isEqualTo(-2);
    assertThat(packed.get(127)).isEqualTo(1L << 40);
    assertThat(packed.get(0)).isZero();
    assertThat(packed.get(129)).isZero();
  }

  @Test
  void shouldReadZeroEverywhereAfterClear() {
    PackedCounts packed = new PackedCounts(100);
    packed.set(5, 9);
    packed.set(99, 70_000);
    packed.clear();
    assertThat(packed.get(5)).isZero();
    assertThat(packed.get(99)).isZero();
  }

  @Test
  void shouldFindTheNextNonZeroCountAsAScanWould() {
    Random random = new Random(11);
    for (int round = 0; round < 200; round++) {
      int length = 1 + random.nextInt(300);
      PackedCounts packed = new PackedCounts(length);
      long[] expected = new long[length];
      int writes = random.nextInt(6);
      for (int w = 0; w < writes; w++) {
        int index = random.nextInt(length);
        long value = random.nextInt(3) == 0 ? 0 : 1 + random.nextInt(70_000);
        packed.set(index, value);
        expected[index] = value;
      }
      for (int query = 0; query < 20; query++) {
        int from = random.nextInt(length);
        int count = random.nextInt(length + 1);
        int distance = distanceByScan(expected, from, count);
        assertThat(packed.distanceToNonZero(from, count))
            .as("length %d, from %d, %d counts", length, from, count)
            .isEqualTo(distance);
      }
    }
  }

  @Test
  void shouldReadBackAndSearchWhileFewCountsAreNonZeroAndAfterTheyMoveToChunks() {
    Random random = new Random(5);
    long[] values = {0, 1, 2, 255, 70_000, (1L << 40) - 1, 1L << 40, -1};
    for (int round = 0; round < 300; round++) {
      int length = 1 + random.nextInt(5_000);
      PackedCounts packed = new PackedCounts(length);
      long[] expected = new long[length];
      // 1 to 12 distinct indexes: a list up to 8 non-zero counts, chunks after, or at once when
      // a value does not fit the list (over 40 bits, negative); zeros leave the list.
      int[] indexes = random.ints(1 + random.nextInt(12), 0, length).toArray();
      for (int step = 0; step < 40; step++) {
        int index = indexes[random.nextInt(indexes.length)];
        long value =
            random.nextInt(10) == 0 ? values[random.nextInt(values.length)] : random.nextInt(3);
        setOrAdd(random.nextBoolean(), packed, expected, index, value);
        int from = random.nextInt(length);
        int count = random.nextInt(length + 1);
        int distance = distanceByScan(expected, from, count);
        assertThat(packed.distanceToNonZero(from, count))
            .as("round %d, from %d, %d counts", round, from, count)
            .isEqualTo(distance);
      }
      for (int index : indexes) {
        assertThat(packed.get(index))
            .as("round %d, index %d", round, index)
            .isEqualTo(expected[index]);
      }
      int probe = random.nextInt(length);
      assertThat(packed.get(probe))
          .as("round %d, index %d", round, probe)
          .isEqualTo(expected[probe]);
    }
  }

  /** The oracle of {@link PackedCounts#distanceToNonZero}: a plain scan, wrapping at the end. */
  private static int distanceByScan(long[] expected, int from, int count) {
    for (int k = 0; k < count; k++) {
      if (expected[(from + k) % expected.length] != 0) {
        return k;
      }
    }
    return -1;
  }

  /** Sets or adds {@code value} at {@code index} in both the packed counts and the plain array. */
  private static void setOrAdd(
      boolean set, PackedCounts packed, long[] expected, int index, long value) {
    if (set) {
      packed.set(index, value);
      expected[index] = value;
    } else {
      packed.add(index, value);
      expected[index] += value;
    }
  }
}
