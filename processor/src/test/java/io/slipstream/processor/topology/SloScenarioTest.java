package io.slipstream.processor.topology;

import static org.assertj.core.api.Assertions.assertThat;

import io.slipstream.avro.AlertState;
import io.slipstream.avro.Outcome;
import io.slipstream.avro.RequestEvent;
import io.slipstream.avro.Severity;
import io.slipstream.avro.SloAlert;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The SRE Workbook's behaviour at a 99.9 % target over 30 days, with its default alert table,
 * reproduced through the production topology: steady traffic, then an incident, and the alert
 * transitions that follow.
 */
class SloScenarioTest {
  private static final long T0 = 1_700_002_800_000L;
  private static final long SECOND = 1_000;
  private static final long MINUTE = 60 * SECOND;
  private static final long HOUR = 60 * MINUTE;
  private static final Path AVAILABILITY = Path.of("../examples/slos/checkout-availability.yaml");

  private TopologyFixture fixture;
  private final List<SloAlert> alerts = new ArrayList<>();

  @BeforeEach
  void start() {
    fixture =
        new TopologyFixture(
            TopologyFixture.inMemoryRegistry(),
            TopologyFixture.uniquePrefix(),
            // Days of event time pass in a moment here, as in a replay: accept any event time.
            TopologyFixture.replaySettings(Duration.ofDays(30)),
            Instant.ofEpochMilli(T0));
    fixture.define("checkout-availability", AVAILABILITY);
  }

  @AfterEach
  void stop() {
    fixture.close();
  }

  @Test
  void shouldPageAboutFiftyTwoSecondsIntoAFullOutage() {
    // Six hours of steady traffic, so that every page window is full before the outage.
    long outageStart = T0 + 6 * HOUR;
    traffic(T0, outageStart, SECOND, t -> false);
    assertThat(drainAlerts()).isEmpty();

    traffic(outageStart, outageStart + 3 * MINUTE, SECOND, t -> true);
    SloAlert page = firstTransition(Severity.PAGE, AlertState.FIRING);
    long after = page.getTransitionAt().toEpochMilli() - outageStart;
    // The 1-hour window's error ratio passes 1.44 % after 51.8 s; evaluation runs every 10 s.
    assertThat(after).isBetween(50 * SECOND, 62 * SECOND);
    assertThat(page.getPairs())
        .anySatisfy(pair -> assertThat(pair.getLongWindow()).isEqualTo("1h"));
    assertThat(page.getRunbookUrl())
        .isEqualTo("https://runbooks.example.com/checkout/availability");
    assertThat(page.getExemplarTraceIds()).isNotEmpty();
    assertThat(alerts.stream().filter(a -> a.getSeverity() == Severity.PAGE))
        .as("one transition, not one per tick")
        .hasSize(1);
  }

  @Test
  void shouldResolveAPageOnlyWhenTheOutageLeavesTheThirtyMinuteWindow() {
    long outageStart = T0 + 6 * HOUR;
    traffic(T0, outageStart, 5_000, t -> false);
    traffic(outageStart, outageStart + 10 * MINUTE, 5_000, t -> true);
    traffic(outageStart + 10 * MINUTE, outageStart + 80 * MINUTE, 5_000, t -> false);

    SloAlert fired = firstTransition(Severity.PAGE, AlertState.FIRING);
    SloAlert resolved = firstTransition(Severity.PAGE, AlertState.RESOLVED);
    long outageEnd = outageStart + 10 * MINUTE;
    assertThat(fired.getTransitionAt().toEpochMilli()).isLessThan(outageEnd);
    long resolvedAfterEnd = resolved.getTransitionAt().toEpochMilli() - outageEnd;
    // The 5-minute window clears 5 minutes after the outage, but the 6h/30m pair holds until the
    // outage has left the 30-minute window (windows are exact at the tick: 30 minutes after it
    // ended, not a minute earlier), and the page resolves after the 2-minute hold-down.
    assertThat(resolvedAfterEnd).isBetween(30 * MINUTE, 32 * MINUTE);
    assertThat(alerts.stream().filter(a -> a.getSeverity() == Severity.PAGE)).hasSize(2);
  }

  @Test
  void shouldPageAfterAboutFiftyEightMinutesOfAFifteenfoldBurn() {
    // Three days of error-free traffic; the last six hours (all the page windows see) at a steady
    // rate.
    long burnStart = T0 + 3 * 24 * HOUR;
    traffic(T0, burnStart - 6 * HOUR, MINUTE, t -> false);
    traffic(burnStart - 6 * HOUR, burnStart, 500, t -> false);
    // 1.5 % errors, 15 times the sustainable 0.1 %: 3 of every 200 requests, evenly spread.
    counter = 0;
    traffic(burnStart, burnStart + 65 * MINUTE, 500, t -> (counter++ * 3) % 200 < 3);

    SloAlert page = firstTransition(Severity.PAGE, AlertState.FIRING);
    long after = page.getTransitionAt().toEpochMilli() - burnStart;
    // The 1-hour window burns at 15 * f once a fraction f of it is in the burn: 14.4 at f = 0.96.
    assertThat(after).isBetween(57 * MINUTE, 61 * MINUTE);
  }

  @Test
  void shouldOpenATicketAfterAboutTwoDaysOfAOneAndAHalfFoldBurnAndNeverPage() {
    long burnStart = T0 + 3 * 24 * HOUR;
    traffic(T0, burnStart, 12 * SECOND, t -> false);
    // 0.15 % errors: 3 of every 2000 requests.
    counter = 0;
    traffic(burnStart, burnStart + 54 * HOUR, 12 * SECOND, t -> (counter++ * 3) % 2000 < 3);

    SloAlert ticket = firstTransition(Severity.TICKET, AlertState.FIRING);
    long after = ticket.getTransitionAt().toEpochMilli() - burnStart;
    // The 3-day window burns at 1.5 * f: 1 when two thirds of it, two days, are in the burn.
    assertThat(after).isBetween(46 * HOUR, 50 * HOUR);
    assertThat(ticket.getPairs())
        .singleElement()
        .satisfies(pair -> assertThat(pair.getLongWindow()).isEqualTo("3d"));
    assertThat(alerts).noneMatch(a -> a.getSeverity() == Severity.PAGE);
  }

  private long counter;

  /** Sends one request every {@code periodMs} in [from, to), bad where {@code bad} says so. */
  private void traffic(long from, long to, long periodMs, java.util.function.LongPredicate bad) {
    for (long t = from; t < to; t += periodMs) {
      boolean error = bad.test(t);
      fixture.send(
          RequestEvent.newBuilder()
              .setService("checkout")
              .setOperation("POST /orders")
              .setTimestamp(Instant.ofEpochMilli(t))
              .setLatencyMicros(20_000)
              .setStatusCode(error ? 503 : 200)
              .setOutcome(error ? Outcome.ERROR : Outcome.SUCCESS)
              .setTraceId(String.format("%032x", t))
              .build());
    }
    drainAlerts();
  }

  private List<SloAlert> drainAlerts() {
    List<SloAlert> fresh = fixture.sloAlerts.readValuesToList();
    alerts.addAll(fresh);
    return fresh;
  }

  private SloAlert firstTransition(Severity severity, AlertState state) {
    drainAlerts();
    return alerts.stream()
        .filter(a -> a.getSeverity() == severity && a.getState() == state)
        .findFirst()
        .orElseThrow(() -> new AssertionError("no " + severity + " " + state + " among " + alerts));
  }
}
