package io.slipstream.localrun;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.slipstream.ingest.loadgen.Incident;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class ScenarioTest {

  @Test
  void shouldScheduleOneErrorSpikePerCycleAfterTheWarmUp() {
    Scenario scenario =
        new Scenario(
            "checkout",
            Duration.ofMinutes(15),
            Duration.ofMinutes(10),
            0.2,
            Duration.ofMinutes(50));

    List<Incident> incidents = scenario.incidents();

    assertThat(incidents).hasSize(Scenario.MAX_CYCLES + 1);
    assertThat(incidents.get(0))
        .isEqualTo(
            new Incident(
                Incident.Kind.ERROR_SPIKE,
                "checkout",
                Duration.ofMinutes(15),
                Duration.ofMinutes(10),
                0.2));
    assertThat(incidents.get(1).start()).isEqualTo(Duration.ofMinutes(75));
    assertThat(incidents.get(0).isActive("checkout", Duration.ofMinutes(14))).isFalse();
    assertThat(incidents.get(0).isActive("checkout", Duration.ofMinutes(20))).isTrue();
    assertThat(incidents.get(0).isActive("payments", Duration.ofMinutes(20))).isFalse();
    Incident customer = incidents.get(Scenario.MAX_CYCLES);
    assertThat(customer.customer()).isEqualTo("initech");
    assertThat(customer.isActive("checkout", "initech", Duration.ofMinutes(70))).isTrue();
    assertThat(customer.isActive("checkout", "acme", Duration.ofMinutes(70))).isFalse();
    assertThat(customer.isActive("checkout", Duration.ofMinutes(70)))
        .as("not an incident of every request")
        .isFalse();
    assertThat(Scenario.CUSTOMERS.stream().filter("initech"::equals).count())
        .isEqualTo(Scenario.CUSTOMERS.size() / 20);
  }

  @Test
  void shouldDescribeItselfInSimulatedTime() {
    assertThat(Scenario.defaults().describe())
        .isEqualTo(
            "checkout: clean for 15m, then 20 % errors for 10m every 2h; customer initech alone:"
                + " 10 % errors for 15m from T+1h05m");
  }

  @Test
  void shouldRefuseAnOutageWithoutDurationOrAnImpossibleErrorRatio() {
    assertThatThrownBy(
            () -> new Scenario("checkout", Duration.ZERO, Duration.ZERO, 0.2, Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("outage");
    assertThatThrownBy(
            () ->
                new Scenario("checkout", Duration.ZERO, Duration.ofMinutes(1), 1.5, Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("error ratio");
  }
}
