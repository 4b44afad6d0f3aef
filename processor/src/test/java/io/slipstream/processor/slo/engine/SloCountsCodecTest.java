package io.slipstream.processor.slo.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

class SloCountsCodecTest {
  @Test
  void shouldRoundTripTheSlotsOfAMinute() {
    SloCounts counts = new SloCounts();
    counts.addAt(50_000, 1, 1);
    counts.addAt(0, 0, 3);
    counts.addAt(50_000, 1, 1);
    counts.addAt(20_000, 300, 400);
    counts.addLatency(1_000);

    SloCounts decoded = SloCountsCodec.decode(SloCountsCodec.encode(counts));

    assertThat(decoded.good()).isEqualTo(302);
    assertThat(decoded.total()).isEqualTo(405);
    assertThat(decoded.slots).isEqualTo(3);
    assertThat(java.util.Arrays.copyOf(decoded.slotOffsets, 3)).containsExactly(0, 20_000, 50_000);
    assertThat(java.util.Arrays.copyOf(decoded.slotTotal, 3)).containsExactly(3L, 400L, 2L);
    assertThat(java.util.Arrays.copyOf(decoded.slotGood, 3)).containsExactly(0L, 300L, 2L);
    assertThat(decoded.latencies.count()).isEqualTo(1);
  }

  @Test
  void shouldReadMinutesStoredBeforeSlotsWereKept() {
    ByteBuffer version1 = ByteBuffer.allocate(1 + 8 + 8 + 1);
    version1.put((byte) 1).putLong(7).putLong(9).put((byte) 0);

    SloCounts decoded = SloCountsCodec.decode(version1.array());

    assertThat(decoded.good()).isEqualTo(7);
    assertThat(decoded.total()).isEqualTo(9);
    assertThat(decoded.slots).isZero();
  }
}
