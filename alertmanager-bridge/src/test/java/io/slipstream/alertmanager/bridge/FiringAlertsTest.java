package io.slipstream.alertmanager.bridge;

import static org.assertj.core.api.Assertions.assertThat;

import io.slipstream.alertmanager.SloAlerts;
import io.slipstream.avro.AlertState;
import io.slipstream.avro.Severity;
import io.slipstream.avro.SloAlert;
import java.util.List;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

class FiringAlertsTest {
  private static final TopicPartition P0 = new TopicPartition("slo-alerts", 0);
  private static final TopicPartition P1 = new TopicPartition("slo-alerts", 1);
  private final FiringAlerts firing = new FiringAlerts();

  @Test
  void shouldKeepAFiringAlertUntilItsResolution() {
    SloAlert page = SloAlerts.firingPage().build();

    assertThat(firing.apply(P0, page)).isNull();
    assertThat(firing.all()).containsExactly(page);
    assertThat(firing.apply(P0, SloAlerts.resolvedPage().build())).isEqualTo(page);
    assertThat(firing.all()).isEmpty();
  }

  @Test
  void shouldKeepOneAlertPerSloAndSeverity() {
    SloAlert page = SloAlerts.firingPage().build();
    SloAlert ticket = SloAlerts.firingPage().setSeverity(Severity.TICKET).build();
    SloAlert pageAgain = SloAlerts.firingPage().setErrorBudgetRemaining(0.1).build();

    firing.apply(P0, page);
    firing.apply(P0, ticket);
    assertThat(firing.apply(P0, pageAgain)).isEqualTo(page);

    assertThat(firing.all()).containsExactlyInAnyOrder(pageAgain, ticket);
  }

  @Test
  void shouldKeepOneAlertPerInstanceOfAGroupedSlo() {
    SloAlert acme = SloAlerts.firingCustomerPage("acme").build();
    SloAlert globex = SloAlerts.firingCustomerPage("globex").build();

    firing.apply(P0, acme);
    assertThat(firing.apply(P0, globex)).isNull();
    assertThat(firing.all()).containsExactlyInAnyOrder(acme, globex);

    SloAlert acmeResolved =
        SloAlerts.firingCustomerPage("acme").setState(AlertState.RESOLVED).build();
    assertThat(firing.get(P0, acmeResolved)).isEqualTo(acme);
    assertThat(firing.apply(P0, acmeResolved)).isEqualTo(acme);
    assertThat(firing.all()).containsExactly(globex);
  }

  @Test
  void shouldIgnoreTransitionsInUnknownState() {
    firing.apply(P0, SloAlerts.firingPage().build());

    firing.apply(P0, SloAlerts.firingPage().setState(AlertState.UNKNOWN).build());

    assertThat(firing.size()).isEqualTo(1);
  }

  @Test
  void shouldForgetTheAlertsOfDroppedPartitionsOnly() {
    SloAlert page = SloAlerts.firingPage().build();
    SloAlert other = SloAlerts.firingPage().setSloId("search-latency").build();
    firing.apply(P0, page);
    firing.apply(P1, other);

    firing.drop(List.of(P0));

    assertThat(firing.all()).containsExactly(other);
    assertThat(firing.count(P0)).isZero();
  }

  @Test
  void shouldUndoAFiringByRestoringThePreviousOne() {
    SloAlert page = SloAlerts.firingPage().build();
    SloAlert refused = SloAlerts.firingPage().setErrorBudgetRemaining(0.1).build();
    firing.apply(P0, page);

    SloAlert previous = firing.apply(P0, refused);
    firing.undo(P0, refused, previous);

    assertThat(firing.all()).containsExactly(page);
  }

  @Test
  void shouldUndoAFirstFiringByRemovingIt() {
    SloAlert page = SloAlerts.firingPage().build();

    firing.undo(P0, page, firing.apply(P0, page));

    assertThat(firing.size()).isZero();
  }
}
