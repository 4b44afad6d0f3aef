package io.slipstream.alertmanager.delivery;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends request bodies to every configured Alertmanager (Alertmanagers in a cluster deduplicate
 * among themselves; Prometheus, too, sends each alert to all of them).
 *
 * <p>{@link #deliver} never gives up on its own: it retries each Alertmanager that failed, waiting
 * per {@link Backoff} between rounds (each attempt bounded by the endpoint's request time-out, the
 * number of attempts unbounded, endpoints whose breaker is open skipped until it half-opens), until
 * every one answered for good or the {@link Waiter} says to stop. An Alertmanager that accepted is
 * not sent the body again in later rounds.
 */
public final class AlertDelivery {
  private static final Logger LOG = LoggerFactory.getLogger(AlertDelivery.class);

  private final List<AlertmanagerEndpoint> endpoints;
  private final Backoff backoff;

  public AlertDelivery(List<AlertmanagerEndpoint> endpoints, Backoff backoff) {
    if (endpoints.isEmpty()) {
      throw new IllegalArgumentException("at least one Alertmanager is needed");
    }
    this.endpoints = List.copyOf(endpoints);
    this.backoff = backoff;
  }

  public List<AlertmanagerEndpoint> endpoints() {
    return endpoints;
  }

  /**
   * Delivers {@code jsonArray} to every Alertmanager, retrying until each accepted or refused it.
   *
   * @param what names the alerts in log lines, e.g. {@code slo-alerts-0@17}
   * @return {@link DeliveryResult.Delivered} when all accepted, {@link DeliveryResult.Rejected}
   *     when one refused (the body is then not retried anywhere), {@link DeliveryResult.Abandoned}
   *     when {@code waiter} said to stop
   * @throws InterruptedException if interrupted; nothing is known then about what was delivered
   */
  public DeliveryResult deliver(String jsonArray, String what, Waiter waiter)
      throws InterruptedException {
    List<AlertmanagerEndpoint> pending = new ArrayList<>(endpoints);
    DeliveryResult.Rejected rejected = null;
    for (int attempt = 1; ; attempt++) {
      List<AlertmanagerEndpoint> failed = new ArrayList<>();
      for (AlertmanagerEndpoint endpoint : pending) {
        PostOutcome outcome = endpoint.post(jsonArray);
        if (outcome instanceof PostOutcome.Rejected r) {
          LOG.error("Alertmanager {} refused {} with {}: {}", endpoint, what, r.status(), r.body());
          if (rejected == null) {
            rejected = new DeliveryResult.Rejected(endpoint.alertsUri(), r.status(), r.body());
          }
        } else if (outcome instanceof PostOutcome.Failed f) {
          failed.add(endpoint);
          if (!f.paused()) {
            LOG.warn("Delivering {} failed (attempt {}): {}", what, attempt, f.reason());
          }
        }
      }
      if (failed.isEmpty()) {
        return rejected != null ? rejected : new DeliveryResult.Delivered();
      }
      pending = failed;
      Duration delay = backoff.delay(attempt);
      if (!waiter.await(delay)) {
        LOG.info("Gave up delivering {} (shutdown or partition revoked)", what);
        return new DeliveryResult.Abandoned();
      }
    }
  }

  /**
   * Sends {@code jsonArray} to each Alertmanager once, logging failures: for re-sends of firing
   * alerts, which the next round repeats anyway.
   */
  public void sendOnce(String jsonArray, String what) throws InterruptedException {
    for (AlertmanagerEndpoint endpoint : endpoints) {
      PostOutcome outcome = endpoint.post(jsonArray);
      if (outcome instanceof PostOutcome.Rejected r) {
        LOG.error("Alertmanager {} refused {} with {}: {}", endpoint, what, r.status(), r.body());
      } else if (outcome instanceof PostOutcome.Failed f && !f.paused()) {
        LOG.warn("Re-sending {} failed: {}", what, f.reason());
      }
    }
  }
}
