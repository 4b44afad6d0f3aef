package io.slipstream.processor.topology;

import static org.assertj.core.api.Assertions.assertThat;

import io.slipstream.avro.Outcome;
import io.slipstream.avro.RequestEvent;
import java.time.Duration;
import java.time.Instant;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;

/**
 * The oracle's binary-search index, used while events arrive in time order, counts exactly what its
 * pass over every event counts.
 */
class BurnRateOracleTest {
  private static final long HOUR = 3_600_000;

  @Property(tries = 50)
  void shouldCountTheSameWithAndWithoutTheIndex(
      @ForAll @LongRange(min = 0, max = 1_000) long seed) {
    Random random = new Random(seed);
    long period = Duration.ofDays(1 + random.nextInt(3)).toMillis();
    BurnRateOracle indexed = new BurnRateOracle(0.99, period);
    BurnRateOracle pass = new BurnRateOracle(0.99, period, false);
    long start = 1_700_000_000_000L + random.nextInt(1_000_000);
    long time = start;
    for (int i = 0; i < 2_000; i++) {
      // Gaps from none (several events at one millisecond) to over an hour.
      time +=
          random.nextInt(4) == 0
              ? 0
              : random.nextInt(random.nextBoolean() ? 10_000 : 5 * (int) HOUR);
      RequestEvent event = event(time, random.nextInt(20) == 0);
      indexed.arrive(event);
      pass.arrive(event);
    }
    for (int i = 0; i < 300; i++) {
      long now = start + (long) (random.nextDouble() * (time - start + 2 * HOUR));
      for (long window : new long[] {1, 300_000, HOUR, 3 * 24 * HOUR, 40 * 24 * HOUR}) {
        assertThat(indexed.window(now, window))
            .as("window %d at %d", window, now)
            .containsExactly(pass.window(now, window));
      }
      assertThat(indexed.period(now)).as("period at %d", now).containsExactly(pass.period(now));
    }
  }

  private static RequestEvent event(long time, boolean error) {
    return RequestEvent.newBuilder()
        .setService("checkout")
        .setOperation("GET /cart")
        .setTimestamp(Instant.ofEpochMilli(time))
        .setLatencyMicros(1_000)
        .setStatusCode(error ? 503 : 200)
        .setOutcome(error ? Outcome.ERROR : Outcome.SUCCESS)
        .build();
  }
}
