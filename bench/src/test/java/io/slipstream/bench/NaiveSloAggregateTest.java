package io.slipstream.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class NaiveSloAggregateTest {

  @Test
  void shouldSurviveTheRoundTripThroughItsSerde() {
    NaiveSloAggregate aggregate = new NaiveSloAggregate();
    for (int latency = 1_000; latency <= 100_000; latency += 1_000) {
      aggregate.add(latency, latency % 10_000 == 0);
    }

    NaiveSloAggregate copy =
        NaiveSloAggregate.serde()
            .deserializer()
            .deserialize("t", NaiveSloAggregate.serde().serializer().serialize("t", aggregate));

    assertThat(copy.count()).isEqualTo(100);
    assertThat(copy.errors()).isEqualTo(10);
    assertThat(copy.quantile(0.5)).isCloseTo(aggregate.quantile(0.5), within(1e-9));
    assertThat(copy.quantile(0.99)).isCloseTo(99_000, within(99_000 * 0.01));
  }

  @Test
  void shouldMapNullToNullBothWays() {
    assertThat(NaiveSloAggregate.serde().serializer().serialize("t", null)).isNull();
    assertThat(NaiveSloAggregate.serde().deserializer().deserialize("t", null)).isNull();
  }
}
