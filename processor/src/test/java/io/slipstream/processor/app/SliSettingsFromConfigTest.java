package io.slipstream.processor.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.slipstream.processor.topology.SliSettings;
import io.slipstream.processor.topology.SloSettings;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The event-time settings a replay or a cautious operator sets. */
class SliSettingsFromConfigTest {
  @Test
  void shouldReadTheReplaySettings() {
    SliSettings settings =
        SliSettingsFromConfig.read(
            ProcessorConfig.of(
                Map.of(
                    ProcessorConfig.MAX_AGE, "none",
                    ProcessorConfig.MAX_FUTURE_SKEW, "none",
                    ProcessorConfig.GRACE, "30s")));

    assertThat(settings.limits().maxAge()).isNull();
    assertThat(settings.limits().maxFutureSkew()).isNull();
    assertThat(settings.grace()).isEqualTo(Duration.ofSeconds(30));
  }

  @Test
  void shouldReadIsoDurationsLikeEveryOtherComponent() {
    SliSettings settings =
        SliSettingsFromConfig.read(
            ProcessorConfig.of(
                Map.of(ProcessorConfig.GRACE, "PT30S", ProcessorConfig.MAX_AGE, "P2D")));

    assertThat(settings.grace()).isEqualTo(Duration.ofSeconds(30));
    assertThat(settings.limits().maxAge()).isEqualTo(Duration.ofDays(2));
  }

  @Test
  void shouldReadTheSettleDelayAndDefaultToImmediateEvaluation() {
    assertThat(SliSettingsFromConfig.readSlo(ProcessorConfig.of(Map.of())).settle()).isZero();
    SloSettings settled =
        SliSettingsFromConfig.readSlo(
            ProcessorConfig.of(Map.of(ProcessorConfig.EVALUATION_SETTLE, "2m")));
    assertThat(settled.settle()).isEqualTo(Duration.ofMinutes(2));
    assertThat(
            SliSettingsFromConfig.readSlo(
                    ProcessorConfig.of(Map.of(ProcessorConfig.EVALUATION_SETTLE, "0s")))
                .settle())
        .as("the default, written out")
        .isZero();
  }

  @Test
  void shouldReadTheWatermarksMaximumHold() {
    assertThat(SliSettingsFromConfig.read(ProcessorConfig.of(Map.of())).maxWatermarkHold())
        .isEqualTo(Duration.ofHours(1));
    assertThat(
            SliSettingsFromConfig.read(
                    ProcessorConfig.of(Map.of(ProcessorConfig.WATERMARK_MAX_HOLD, "6h")))
                .maxWatermarkHold())
        .isEqualTo(Duration.ofHours(6));
  }

  @Test
  void shouldNameTheKeyOfAMalformedValue() {
    assertThatThrownBy(
            () ->
                SliSettingsFromConfig.read(
                    ProcessorConfig.of(Map.of(ProcessorConfig.MAX_AGE, "two days"))))
        .hasMessageContaining(ProcessorConfig.MAX_AGE);
  }
}
