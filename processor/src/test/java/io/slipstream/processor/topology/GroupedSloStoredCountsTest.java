package io.slipstream.processor.topology;

import static org.assertj.core.api.Assertions.assertThat;

import io.slipstream.avro.Outcome;
import io.slipstream.avro.RequestEvent;
import io.slipstream.processor.slo.engine.SloCounts;
import io.slipstream.processor.slo.engine.SloGroup;
import io.slipstream.processor.store.LiveWindowStore;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * What a grouped SLO's instance finds in its stores when its group comes back: counts stored by an
 * earlier instance of the same group are added to, never replaced.
 */
class GroupedSloStoredCountsTest {
  private static final long T0 = 1_700_002_800_000L;
  private static final long MINUTE = 60_000;
  private static final String GROUPED_ID = "checkout-by-customer";
  private static final String ACME = SloGroup.recordKey(GROUPED_ID, "customer=\"acme\"");

  @Test
  void shouldAddToTheMinutesOfAGroupWhoseSloWasRemovedAndDefinedAgain() {
    // Evaluations settle two minutes behind the inputs, so an instance can end with counts in
    // minutes after the last tick.
    try (TopologyFixture fixture =
        new TopologyFixture(
            TopologyFixture.inMemoryRegistry(),
            TopologyFixture.uniquePrefix(),
            TopologyFixture.replaySettings(Duration.ofDays(30)),
            SloSettings.defaults().withSettle(Duration.ofMinutes(2)),
            Instant.ofEpochMilli(T0),
            InputLag.ALWAYS_CAUGHT_UP)) {
      fixture.sloDefinitions.pipeInput(GROUPED_ID, groupedSlo());
      fixture.send(event(T0 + 5_000, "acme"));
      fixture.send(event(T0 + 3 * MINUTE + 5_000, "acme")); // the tick is at T0 + 1 min
      long minute = T0 + 3 * MINUTE;

      // The SLO goes; at the next tick its instances end, acme's with its minute stored.
      fixture.sloDefinitions.pipeInput(GROUPED_ID, (String) null);
      fixture.send(event(T0 + 3 * MINUTE + 25_000, "zeta"));
      LiveWindowStore<String, SloCounts> minutes = fixture.store(StoreNames.SLO_MINUTE_COUNTS);
      assertThat(minutes.get(ACME, minute).total()).isEqualTo(1);
      // Out of memory at the next commit: read back from the store from then on.
      minutes.evictWindowsBefore(Long.MAX_VALUE);
      fixture.send(event(T0 + 3 * MINUTE + 26_000, "zeta"));

      // Defined again: acme's group is new to it, and its next event falls in that minute.
      fixture.sloDefinitions.pipeInput(GROUPED_ID, groupedSlo());
      fixture.send(event(T0 + 3 * MINUTE + 30_000, "acme"));
      fixture.send(event(T0 + 3 * MINUTE + 31_000, "zeta"));

      assertThat(minutes.get(ACME, minute).total()).as("the stored minute, added to").isEqualTo(2);
    }
  }

  private static String groupedSlo() {
    return PageRuleOracle.SLO
        .replace("name: checkout-availability", "name: " + GROUPED_ID)
        .replace(
            "  service: checkout\n",
            "  service: checkout\n  grouping:\n    by: [attributes.customer]\n");
  }

  private static RequestEvent event(long time, String customer) {
    return RequestEvent.newBuilder()
        .setService("checkout")
        .setOperation("POST /orders")
        .setTimestamp(Instant.ofEpochMilli(time))
        .setLatencyMicros(10_000)
        .setStatusCode(200)
        .setOutcome(Outcome.SUCCESS)
        .setAttributes(Map.of("customer", customer))
        .build();
  }
}
