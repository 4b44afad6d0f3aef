package io.slipstream.alertmanager.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class BackoffTest {

  @Test
  void shouldDoubleFromInitialUpToMax() {
    Backoff backoff = Backoff.DEFAULT;

    assertThat(backoff.delay(1)).isEqualTo(Duration.ofMillis(500));
    assertThat(backoff.delay(2)).isEqualTo(Duration.ofSeconds(1));
    assertThat(backoff.delay(7)).isEqualTo(Duration.ofSeconds(30));
    assertThat(backoff.delay(1_000_000)).isEqualTo(Duration.ofSeconds(30));
  }

  @Test
  void shouldRefuseMaxBelowInitial() {
    assertThatThrownBy(() -> new Backoff(Duration.ofSeconds(2), Duration.ofSeconds(1)))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
