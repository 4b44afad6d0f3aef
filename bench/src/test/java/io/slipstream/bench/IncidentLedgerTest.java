package io.slipstream.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.slipstream.processor.slo.spec.OpenSloParser;
import org.junit.jupiter.api.Test;

class IncidentLedgerTest {
  private static final long START = 1_700_000_000_000L;

  @Test
  void shouldHoldThePageOnlyOnceEnoughOfTheOutageIsInTheWindows() {
    SloFleet fleet = new SloFleet(1, 1, "30d");
    IncidentLedger ledger =
        new IncidentLedger(
            OpenSloParser.parse(SloFleet.sloId(0), fleet.yaml(0)).definitions().get(0));
    long outage = START + 3_600_000;
    for (long t = START; t < outage; t += 1_000) {
      ledger.record(t, false);
    }
    assertThat(ledger.pageHolds(outage - 1_000)).isFalse();

    long crossing = -1;
    for (long t = outage; t < outage + 120_000 && crossing < 0; t += 1_000) {
      ledger.record(t, true);
      if (ledger.pageHolds(t)) {
        crossing = t;
      }
    }
    // Only an hour of history: the 6 h / 30 m pair (burn rate 6) holds first, once bad / total
    // over the six hours passes 0.6 %: 22 bad events after 3,600 good ones.
    assertThat(crossing - outage).isEqualTo(21_000);
  }

  @Test
  void shouldTakePercentilesFromTheSortedLatencies() {
    long[] sorted = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10};
    assertThat(AlertLatencyReport.percentile(sorted, 0.5)).isEqualTo(5);
    assertThat(AlertLatencyReport.percentile(sorted, 0.99)).isEqualTo(10);
  }
}
