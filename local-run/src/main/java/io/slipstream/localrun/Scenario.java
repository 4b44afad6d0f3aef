package io.slipstream.localrun;

import io.slipstream.ingest.loadgen.Incident;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The incident the local run plays, in simulated time: a clean warm-up, then an error spike on one
 * service, then recovery; spike and recovery repeat until the run stops.
 *
 * <p>The defaults are chosen for the SRE Workbook's page pairs on a 99.9 % SLO, after a history of
 * clean traffic has filled the windows: a 10-minute spike at 20 % errors burns at 200x in the 5m
 * window and passes 14.4x in the 1h window after about 5 minutes, so the page fires; the 30m window
 * forgets the spike 40 minutes after it started, and a hold-down of 2 minutes later the page
 * resolves, well before the next spike two hours after the first.
 *
 * @param service the service the spike hits
 * @param warmUp clean traffic before the first spike
 * @param outage how long each spike lasts
 * @param errorRatio the share of failing requests during a spike, in [0, 1]
 * @param recovery clean traffic after each spike, before the next one
 */
public record Scenario(
    String service, Duration warmUp, Duration outage, double errorRatio, Duration recovery) {

  /** At most this many spikes are scheduled; at 60x they cover more than four days of wall time. */
  static final int MAX_CYCLES = 100;

  /**
   * The customers requests come from (attribute {@code customer}, which the example SLO
   * checkout-availability-by-customer groups by), listed as often as their share of traffic: acme
   * 40 %, globex 30 %, umbrella 15 %, hooli 10 %, initech 5 %.
   */
  static final List<String> CUSTOMERS = customers();

  /**
   * One customer's incident, after the first spike's pages resolved: a tenth of initech's requests
   * to the spiked service fail from T+1h05m for 15 minutes. Its own SLO instance pages; in the
   * service's SLO, where initech is 5 % of the traffic, that is a burn of about 5x, below every
   * page threshold.
   */
  static final String INCIDENT_CUSTOMER = "initech";

  static final Duration CUSTOMER_INCIDENT_START = Duration.ofMinutes(65);
  static final Duration CUSTOMER_INCIDENT_LENGTH = Duration.ofMinutes(15);
  static final double CUSTOMER_INCIDENT_ERROR_RATIO = 0.1;

  public Scenario {
    Objects.requireNonNull(service, "service");
    requireNonNegative("warm-up", warmUp);
    requireNonNegative("recovery", recovery);
    if (outage == null || outage.isZero() || outage.isNegative()) {
      throw new IllegalArgumentException("the outage must last a positive time, was " + outage);
    }
    if (!(errorRatio >= 0 && errorRatio <= 1)) {
      throw new IllegalArgumentException("error ratio must be in [0, 1], was " + errorRatio);
    }
  }

  /** Checkout: 15 minutes clean, then 10 minutes at 20 % errors every two hours. */
  public static Scenario defaults() {
    return new Scenario(
        "checkout", Duration.ofMinutes(15), Duration.ofMinutes(10), 0.2, Duration.ofMinutes(110));
  }

  /** Simulated time from one spike's start to the next one's. */
  public Duration cycle() {
    return outage.plus(recovery);
  }

  /**
   * The load generator's incidents: one error spike per cycle, {@value #MAX_CYCLES} at most, then
   * the one customer's incident.
   */
  public List<Incident> incidents() {
    List<Incident> incidents = new ArrayList<>();
    for (int i = 0; i < MAX_CYCLES; i++) {
      incidents.add(
          new Incident(
              Incident.Kind.ERROR_SPIKE,
              service,
              warmUp.plus(cycle().multipliedBy(i)),
              outage,
              errorRatio));
    }
    incidents.add(
        new Incident(
            Incident.Kind.ERROR_SPIKE,
            service,
            CUSTOMER_INCIDENT_START,
            CUSTOMER_INCIDENT_LENGTH,
            CUSTOMER_INCIDENT_ERROR_RATIO,
            INCIDENT_CUSTOMER));
    return incidents;
  }

  /** One line for the console, e.g. what happens when in simulated time. */
  public String describe() {
    return String.format(
        "%s: clean for %s, then %.0f %% errors for %s every %s; customer %s alone: %.0f %% errors"
            + " for %s from T+%s",
        service,
        ConsoleFormat.duration(warmUp),
        errorRatio * 100,
        ConsoleFormat.duration(outage),
        ConsoleFormat.duration(cycle()),
        INCIDENT_CUSTOMER,
        CUSTOMER_INCIDENT_ERROR_RATIO * 100,
        ConsoleFormat.duration(CUSTOMER_INCIDENT_LENGTH),
        ConsoleFormat.duration(CUSTOMER_INCIDENT_START));
  }

  private static List<String> customers() {
    List<String> customers = new ArrayList<>();
    customers.addAll(java.util.Collections.nCopies(8, "acme"));
    customers.addAll(java.util.Collections.nCopies(6, "globex"));
    customers.addAll(java.util.Collections.nCopies(3, "umbrella"));
    customers.addAll(java.util.Collections.nCopies(2, "hooli"));
    customers.add(INCIDENT_CUSTOMER);
    return List.copyOf(customers);
  }

  private static void requireNonNegative(String what, Duration duration) {
    if (duration == null || duration.isNegative()) {
      throw new IllegalArgumentException(what + " must not be negative, was " + duration);
    }
  }
}
