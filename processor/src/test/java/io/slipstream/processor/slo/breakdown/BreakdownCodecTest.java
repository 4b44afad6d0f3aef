package io.slipstream.processor.slo.breakdown;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.slipstream.avro.Outcome;
import io.slipstream.processor.slo.breakdown.BreakdownOracle.Event;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

class BreakdownCodecTest {

  private final BreakdownCodec serde = new BreakdownCodec();

  @Property(tries = 300)
  void shouldRoundTripExactlyAndAggregateOnLikeTheOriginal(
      @ForAll("manyValues") List<Event> events,
      @ForAll @IntRange(min = 1, max = 70) int valueLimit,
      @ForAll @IntRange(min = 0, max = 4) int exemplars) {
    MinuteBreakdown breakdown = BreakdownOracle.aggregate(events, valueLimit, exemplars);

    byte[] bytes = BreakdownCodec.encode(breakdown);
    MinuteBreakdown decoded = BreakdownCodec.decode(bytes);

    assertThat(decoded).isEqualTo(breakdown);
    assertThat(decoded.valueLimit()).isEqualTo(valueLimit);
    assertThat(decoded.exemplarLimit()).isEqualTo(exemplars);
    assertThat(BreakdownCodec.encode(decoded)).isEqualTo(bytes);
    // The decoded breakdown is live: more events and merges give the same as on the original.
    for (MinuteBreakdown target : List.of(breakdown, decoded)) {
      target.offerBad("GET /late", null, null, "pod-late", 503, Outcome.ERROR, "late-trace");
      target.mergeFrom(BreakdownOracle.aggregate(events.subList(0, events.size() / 2), 8, 2));
    }
    assertThat(decoded).isEqualTo(breakdown);
  }

  @Property(tries = 1000)
  void shouldRejectDamagedBytesOrReadOnlyWhatItWouldWriteItself(
      @ForAll("manyValues") List<Event> events,
      @ForAll @IntRange(min = 1, max = 8) int valueLimit,
      @ForAll Random random) {
    byte[] bytes = BreakdownCodec.encode(BreakdownOracle.aggregate(events, valueLimit, 2));
    byte[] damaged = damage(bytes, random);

    MinuteBreakdown decoded;
    try {
      decoded = BreakdownCodec.decode(damaged);
    } catch (SerializationException rejected) {
      return;
    }
    // Accepted: then the bytes are canonical, exactly what encoding the result writes.
    assertThat(BreakdownCodec.encode(decoded)).isEqualTo(damaged);
  }

  @Test
  void shouldEncodeAnEmptyBreakdownInFourBytes() {
    byte[] bytes = BreakdownCodec.encode(new MinuteBreakdown());

    assertThat(bytes).containsExactly(BreakdownCodec.FORMAT_VERSION, 64, 3, 0);
    assertThat(BreakdownCodec.decode(bytes)).isEqualTo(new MinuteBreakdown());
  }

  @Test
  void shouldPackW3cTraceIdsIntoSixteenBytesAndWriteEachStringOnce() {
    MinuteBreakdown breakdown = new MinuteBreakdown();
    String traceId = "4bf92f3577b34da6a3ce929d0e0e4736";
    breakdown.offerBad("op", "r", "z", "i", 500, Outcome.ERROR, traceId);

    byte[] bytes = BreakdownCodec.encode(breakdown);

    // Header 4; 7 strings: 1 + 16 for the trace id, a length byte and the UTF-8 of "op", "r", "z",
    // "i", "500" and "ERROR"; per dimension folded, size, value index, count, exemplar count and
    // exemplar index: 6 bytes, 8 for the contributor (indices of "op", "r" and "500").
    assertThat(bytes).hasSize(4 + 1 + 17 + (3 + 2 + 2 + 2 + 4 + 6) + 6 * 6 + 8);
    assertThat(BreakdownCodec.decode(bytes).equals(breakdown)).isTrue();
  }

  @Test
  void shouldRejectEveryTruncation() {
    for (MinuteBreakdown breakdown :
        List.of(
            new MinuteBreakdown(),
            BreakdownOracle.aggregate(WindowBreakdownTest.incident(), 64, 3),
            BreakdownOracle.aggregate(WindowBreakdownTest.incident(), 2, 1))) {
      byte[] bytes = BreakdownCodec.encode(breakdown);
      for (int length = 0; length < bytes.length; length++) {
        byte[] prefix = Arrays.copyOf(bytes, length);
        assertThatThrownBy(() -> BreakdownCodec.decode(prefix))
            .as("prefix of %s of %s bytes", length, bytes.length)
            .isInstanceOf(SerializationException.class);
      }
    }
  }

  @Test
  void shouldRejectTrailingBytes() {
    byte[] bytes = BreakdownCodec.encode(new MinuteBreakdown());
    byte[] longer = Arrays.copyOf(bytes, bytes.length + 1);

    assertThatThrownBy(() -> BreakdownCodec.decode(longer))
        .isInstanceOf(SerializationException.class)
        .hasMessageContaining("1 bytes after the end");
  }

  @Test
  void shouldRejectAnUnknownFormatVersion() {
    byte[] bytes = BreakdownCodec.encode(new MinuteBreakdown());
    bytes[0] = 2;

    assertThatThrownBy(() -> BreakdownCodec.decode(bytes))
        .isInstanceOf(SerializationException.class)
        .hasMessageContaining("unknown breakdown format version 2");
  }

  @Test
  void shouldRejectCountsThatDoNotAddUpToTheTotal() {
    MinuteBreakdown breakdown = new MinuteBreakdown();
    breakdown.offerBad("op", "r", "z", "i", 500, Outcome.ERROR, null);
    byte[] bytes = BreakdownCodec.encode(breakdown);
    bytes[3] = 2; // the total

    assertThatThrownBy(() -> BreakdownCodec.decode(bytes))
        .isInstanceOf(SerializationException.class)
        .hasMessageContaining("OPERATION counts 1 bad events of a total of 2");
  }

  @Test
  void shouldMapNullToNullBothWaysAsASerde() {
    assertThat(serde.serializer().serialize("topic", null)).isNull();
    assertThat(serde.deserializer().deserialize("topic", null)).isNull();
  }

  @Test
  void shouldRoundTripThroughTheSerde() {
    MinuteBreakdown breakdown = BreakdownOracle.aggregate(WindowBreakdownTest.incident(), 64, 3);

    assertThat(
            serde
                .deserializer()
                .deserialize("topic", serde.serializer().serialize("topic", breakdown)))
        .isEqualTo(breakdown);
  }

  private static byte[] damage(byte[] bytes, Random random) {
    int at = random.nextInt(bytes.length);
    return switch (random.nextInt(4)) {
      case 0 -> {
        byte[] flipped = bytes.clone();
        flipped[at] ^= (byte) (1 << random.nextInt(8));
        yield flipped;
      }
      case 1 -> {
        byte[] replaced = bytes.clone();
        replaced[at] = (byte) random.nextInt(256);
        yield replaced;
      }
      case 2 -> {
        byte[] shorter = new byte[bytes.length - 1];
        System.arraycopy(bytes, 0, shorter, 0, at);
        System.arraycopy(bytes, at + 1, shorter, at, bytes.length - at - 1);
        yield shorter;
      }
      default -> {
        byte[] longer = new byte[bytes.length + 1];
        System.arraycopy(bytes, 0, longer, 0, at);
        longer[at] = (byte) random.nextInt(256);
        System.arraycopy(bytes, at, longer, at + 1, bytes.length - at);
        yield longer;
      }
    };
  }

  @Provide
  Arbitrary<List<Event>> manyValues() {
    return BreakdownArbitraries.manyValues();
  }
}
