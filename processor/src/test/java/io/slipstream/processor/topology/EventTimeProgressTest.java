package io.slipstream.processor.topology;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The watermark as the slowest input's progress, and when an input may follow the wall clock. */
class EventTimeProgressTest {
  private static final String REQUESTS = "request-events";
  private static final String SAMPLES = "resource-samples";
  private static final long T0 = 1_700_000_000_000L;
  private static final long HOLD = 3_600_000;

  private KeyValueStore<Bytes, Long> store;
  private final Set<String> behind = new HashSet<>();
  private final InputLag lag = (topic, partition) -> behind.contains(topic) ? 5 : 0;

  @BeforeEach
  void createStore() {
    store =
        Stores.keyValueStoreBuilder(
                Stores.inMemoryKeyValueStore("progress"), Serdes.Bytes(), Serdes.Long())
            .withLoggingDisabled()
            .build();
    MockProcessorContext<Object, Object> context = new MockProcessorContext<>();
    store.init(context.getStateStoreContext(), store);
  }

  private EventTimeProgress progress(long wallNow) {
    return new EventTimeProgress(store, List.of(REQUESTS, SAMPLES), 3, lag, HOLD, wallNow);
  }

  @Test
  void shouldFollowTheSlowestInputThatHasData() {
    EventTimeProgress progress = progress(0);
    assertThat(progress.onRecord(REQUESTS, 3, T0 + 60_000, 0)).isEqualTo(T0 + 60_000);
    assertThat(progress.onRecord(SAMPLES, 3, T0, 0)).isEqualTo(T0 + 60_000); // never backwards
    assertThat(progress.onRecord(REQUESTS, 3, T0 + 120_000, 0)).isEqualTo(T0 + 60_000);
    assertThat(progress.onRecord(SAMPLES, 3, T0 + 90_000, 0)).isEqualTo(T0 + 90_000);
  }

  @Test
  void shouldHoldTheWatermarkWhileAnInputWithoutDataHasABacklog() {
    behind.add(SAMPLES);
    EventTimeProgress progress = progress(0);
    assertThat(progress.onRecord(REQUESTS, 3, T0, 0)).isEqualTo(EventTimeProgress.NONE);

    behind.clear();
    assertThat(progress.followWallClock(1_000, 10_000)).isEqualTo(T0);
  }

  @Test
  void shouldNeverTrailTheFurthestInputByMoreThanTheMaximumHold() {
    behind.add(SAMPLES);
    EventTimeProgress progress = progress(0);
    assertThat(progress.onRecord(REQUESTS, 3, T0, 0)).isEqualTo(EventTimeProgress.NONE);
    assertThat(progress.onRecord(REQUESTS, 3, T0 + HOLD, 0)).isEqualTo(EventTimeProgress.NONE);
    assertThat(progress.onRecord(REQUESTS, 3, T0 + HOLD + 1, 0))
        .as("an input without data but with a backlog holds the watermark one hour at most")
        .isEqualTo(T0 + 1);
    assertThat(progress.onRecord(REQUESTS, 3, T0 + 3 * HOLD, 0)).isEqualTo(T0 + 2 * HOLD);

    behind.clear();
    assertThat(progress.onRecord(SAMPLES, 3, T0 + HOLD, 0))
        .as("an input an hour behind, or more, no longer holds it")
        .isEqualTo(T0 + 2 * HOLD);
    assertThat(progress.onRecord(SAMPLES, 3, T0 + 2 * HOLD + 1_000, 0))
        .isEqualTo(T0 + 2 * HOLD + 1_000);
  }

  @Test
  void shouldNotWaitForAnInputWhoseLagIsUnknownOrThatNeverReceivesAnything() {
    EventTimeProgress progress =
        new EventTimeProgress(
            store, List.of(REQUESTS, SAMPLES), 3, (topic, partition) -> InputLag.UNKNOWN, HOLD, 0);
    assertThat(progress.onRecord(REQUESTS, 3, T0, 0)).isEqualTo(T0);
    assertThat(progress.followWallClock(60_000, 10_000))
        .as("an input whose lag is unknown does not follow the wall clock")
        .isEqualTo(T0);
  }

  @Test
  void shouldLetOnlyACaughtUpIdleInputFollowTheWallClock() {
    EventTimeProgress progress = progress(0);
    progress.onRecord(REQUESTS, 3, T0, 0);
    progress.onRecord(SAMPLES, 3, T0, 0);
    behind.add(SAMPLES);

    assertThat(progress.followWallClock(30_000, 10_000))
        .as("the samples' backlog holds the watermark")
        .isEqualTo(T0);
    behind.clear();
    assertThat(progress.followWallClock(45_000, 10_000)).isEqualTo(T0 + 45_000);
  }

  @Test
  void shouldRestoreEachInputsProgressAfterARestart() {
    EventTimeProgress before = progress(0);
    before.onRecord(SAMPLES, 3, T0, 0);
    before.onRecord(REQUESTS, 3, T0 + 600_000, 0);
    before.persist();

    EventTimeProgress after = progress(0);
    assertThat(after.watermark()).isEqualTo(T0);
    assertThat(after.onRecord(REQUESTS, 3, T0 + 610_000, 0))
        .as("the samples' progress is remembered")
        .isEqualTo(T0);
  }
}
