package io.slipstream.localrun;

import static org.assertj.core.api.Assertions.assertThat;

import io.slipstream.processor.validation.ValidationLimits;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.junit.jupiter.api.Test;

class LocalRunTest {

  @Test
  void shouldStartTheSimulationOnAWholeHourBetweenSixAndSevenHoursBeforeNow() {
    for (Instant now :
        List.of(
            Instant.parse("2026-03-01T12:00:00Z"),
            Instant.parse("2026-03-01T12:30:17.123456789Z"),
            Instant.parse("2026-03-01T12:59:59.999Z"),
            Instant.parse("2026-03-01T03:05:00Z"))) {
      Instant start = LocalRun.simulatedStart(now);

      assertThat(start).as("T+0 for %s", now).isEqualTo(start.truncatedTo(ChronoUnit.HOURS));
      assertThat(Duration.between(start, now))
          .as("how far T+0 is behind %s", now)
          .isGreaterThanOrEqualTo(LocalRun.SIMULATION_LEAD)
          .isLessThan(LocalRun.SIMULATION_LEAD.plusHours(1));
    }
    assertThat(LocalRun.simulatedStart(Instant.parse("2026-03-01T12:59:59.999Z")))
        .isEqualTo(Instant.parse("2026-03-01T06:00:00Z"));
  }

  @Test
  void shouldKeepTheLongestHistoryYoungerThanTheProcessorsMaxAge() {
    Instant now = Instant.parse("2026-03-01T12:59:59.999Z"); // the longest lead: just under 7h
    Instant oldest = LocalRun.simulatedStart(now).minus(LocalRun.MAX_HISTORY);

    assertThat(Duration.between(oldest, now)).isLessThan(ValidationLimits.defaults().maxAge());
  }
}
