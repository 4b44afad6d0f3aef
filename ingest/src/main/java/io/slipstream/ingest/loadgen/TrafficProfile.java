package io.slipstream.ingest.loadgen;

import java.time.Duration;
import java.util.List;

/**
 * What the traffic of each service looks like at a moment of simulated time: the baseline plus
 * whatever incidents are active. Pure functions of (service, elapsed simulated time).
 *
 * @param baselineErrorRatio share of requests that fail outside incidents, in [0, 1]
 * @param latency the baseline latency distribution
 * @param incidents the scripted incidents
 * @param customers the customers requests come from (attribute {@code customer}), one drawn per
 *     request from this list, so a name listed twice sends twice the traffic; empty for none
 */
public record TrafficProfile(
    double baselineErrorRatio,
    LognormalLatency latency,
    List<Incident> incidents,
    List<String> customers) {

  public TrafficProfile(
      double baselineErrorRatio, LognormalLatency latency, List<Incident> incidents) {
    this(baselineErrorRatio, latency, incidents, List.of());
  }

  /** This profile with requests from {@code customers}. */
  public TrafficProfile withCustomers(List<String> customers) {
    return new TrafficProfile(baselineErrorRatio, latency, incidents, customers);
  }

  public TrafficProfile {
    customers = List.copyOf(customers);
    if (!(baselineErrorRatio >= 0 && baselineErrorRatio <= 1)) {
      throw new IllegalArgumentException(
          "error ratio must be in [0, 1], was " + baselineErrorRatio);
    }
    incidents = List.copyOf(incidents);
  }

  /**
   * Returns the share of failing requests: the largest of the baseline, any active error spike's
   * ratio, and any active slow burn's ratio so far (baseline + progress × (target − baseline)).
   */
  public double errorRatio(String service, Duration elapsed) {
    return errorRatio(service, null, elapsed);
  }

  /** As {@link #errorRatio(String, Duration)}, for a request of {@code customer} (null: none). */
  public double errorRatio(String service, String customer, Duration elapsed) {
    double ratio = baselineErrorRatio;
    for (Incident incident : incidents) {
      if (!incident.isActive(service, customer, elapsed)) {
        continue;
      }
      switch (incident.kind()) {
        case ERROR_SPIKE -> ratio = Math.max(ratio, incident.magnitude());
        case SLOW_BURN ->
            ratio =
                Math.max(
                    ratio,
                    baselineErrorRatio
                        + incident.progress(elapsed) * (incident.magnitude() - baselineErrorRatio));
        default -> {
          // latency and silence do not change the error ratio
        }
      }
    }
    return ratio;
  }

  /** Returns the factor on every latency: the product of the active latency incidents' factors. */
  public double latencyFactor(String service, Duration elapsed) {
    double factor = 1;
    for (Incident incident : incidents) {
      if (incident.kind() == Incident.Kind.LATENCY && incident.isActive(service, elapsed)) {
        factor *= incident.magnitude();
      }
    }
    return factor;
  }

  /** Returns whether the service is silenced at that moment. */
  public boolean isSilent(String service, Duration elapsed) {
    for (Incident incident : incidents) {
      if (incident.kind() == Incident.Kind.SILENCE && incident.isActive(service, elapsed)) {
        return true;
      }
    }
    return false;
  }

  /** Returns the latency distribution of the service at that moment. */
  public LognormalLatency latency(String service, Duration elapsed) {
    double factor = latencyFactor(service, elapsed);
    return factor == 1 ? latency : latency.scaled(factor);
  }
}
