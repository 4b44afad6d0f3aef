package io.slipstream.processor.health;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The probes once the stream threads have been stopped for a repeating failure. */
class HealthChecksTest {
  private static final String REASON =
      "stream threads stopped after 5 identical failures within 600 s:"
          + " java.lang.IllegalStateException: boom";

  private final HealthChecks health = new HealthChecks(() -> null);

  @Test
  void shouldReportNotLiveAndNotReadyWithTheReasonOnceTheStreamThreadsAreStopped() {
    assertThat(health.live().up()).isTrue();

    health.onStreamThreadsStopped(REASON);

    assertThat(health.live())
        .isEqualTo(new HealthChecks.Result(false, HealthChecks.STOPPED, REASON));
    assertThat(health.ready())
        .isEqualTo(new HealthChecks.Result(false, HealthChecks.STOPPED, REASON));
  }

  @Test
  void shouldKeepTheFirstReason() {
    health.onStreamThreadsStopped("first");
    health.onStreamThreadsStopped("second");
    assertThat(health.live().detail()).isEqualTo("first");
  }
}
