package io.slipstream.processor.slo.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

/** The per-minute period counts: exact round trip, and their size. */
class MinuteCountsCodecTest {
  @Test
  void shouldRoundTripEveryMinuteExactly() {
    MinuteCounts counts = new MinuteCounts();
    counts.add(0, 5, 7);
    counts.add(17, 0, 1);
    counts.add(59, 1L << 40, (1L << 40) + 3);
    MinuteCounts decoded = MinuteCountsCodec.decode(MinuteCountsCodec.encode(counts));
    for (int i = 0; i < MinuteCounts.MINUTES; i++) {
      assertThat(decoded.good(i)).as("good %d", i).isEqualTo(counts.good(i));
      assertThat(decoded.total(i)).as("total %d", i).isEqualTo(counts.total(i));
    }
  }

  @Test
  void shouldTakeOneByteForAnIdleHourAndFiveBytesAMinuteAtAThousandRequests() {
    assertThat(MinuteCountsCodec.encode(new MinuteCounts())).hasSize(1);
    MinuteCounts busy = new MinuteCounts();
    for (int i = 0; i < MinuteCounts.MINUTES; i++) {
      busy.add(i, 999, 1_000);
    }
    // Version byte, then per minute: index, total and good as 2-byte varints.
    assertThat(MinuteCountsCodec.encode(busy)).hasSize(1 + 60 * 5);
  }

  @Test
  void shouldRefuseATruncatedRecord() {
    MinuteCounts counts = new MinuteCounts();
    counts.add(3, 200, 300);
    byte[] bytes = MinuteCountsCodec.encode(counts);
    byte[] truncated = java.util.Arrays.copyOf(bytes, bytes.length - 1);
    assertThatThrownBy(() -> MinuteCountsCodec.decode(truncated))
        .isInstanceOf(SerializationException.class);
  }
}
