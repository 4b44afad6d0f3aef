package io.slipstream.alertmanager;

import io.slipstream.avro.AlertState;
import io.slipstream.avro.BurnRatePair;
import io.slipstream.avro.Severity;
import io.slipstream.avro.SloAlert;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Alert transitions as the processor writes them, for tests. */
public final class SloAlerts {
  public static final Instant FIRED_AT = Instant.parse("2024-05-01T12:00:00Z");
  public static final Instant RESOLVED_AT = Instant.parse("2024-05-01T12:30:00Z");

  private SloAlerts() {}

  /** A page of the checkout availability SLO burning through both page pairs. */
  public static SloAlert.Builder firingPage() {
    return SloAlert.newBuilder()
        .setSloId("checkout-availability")
        .setSloName("Checkout availability")
        .setService("checkout")
        .setSeverity(Severity.PAGE)
        .setState(AlertState.FIRING)
        .setTransitionAt(FIRED_AT)
        .setPairs(
            List.of(
                new BurnRatePair("1h", "5m", 14.4, 15.2, 16.0, "gt"),
                new BurnRatePair("6h", "30m", 6.0, 7.25, null, "gt")))
        .setErrorBudgetRemaining(0.375)
        .setTimeToExhaustionMillis(Duration.ofHours(2).plusMinutes(30).toMillis())
        .setExemplarTraceIds(List.of("4bf92f3577b34da6a3ce929d0e0e4736", "00f067aa0ba902b7"))
        .setLabels(Map.of("team", "payments", "app.kubernetes.io/name", "checkout"))
        .setAnnotations(Map.of("summary", "Checkout is failing"))
        .setRunbookUrl("https://runbooks.example.com/checkout");
  }

  /**
   * A page of one customer's instance of the grouped SLO {@code checkout-availability-by-customer},
   * labelled and annotated as the processor does: the group's label and {@code slo_group}, a
   * summary naming the instance id, a description naming only the SLO.
   */
  public static SloAlert.Builder firingCustomerPage(String customer) {
    String key = "customer=\"" + customer + "\"";
    return firingPage()
        .setSloId("checkout-availability-by-customer")
        .setSloName("Checkout availability per customer")
        .setGroupKey(key)
        .setGroup(Map.of("customer", customer))
        .setExemplarTraceIds(List.of())
        .setLabels(
            Map.of(
                "team", "checkout",
                "slo", "checkout-availability-by-customer",
                "service", "checkout",
                "severity", "page",
                "customer", customer,
                "slo_group", key))
        .setAnnotations(
            Map.of(
                "summary",
                "Error budget of checkout-availability-by-customer{"
                    + key
                    + "} (checkout) is"
                    + " burning fast",
                "description",
                "Checkout availability per customer: target 99.9000%, 37.5% of the error budget"
                    + " left."));
  }

  /** The RESOLVED transition of {@link #firingPage()}. */
  public static SloAlert.Builder resolvedPage() {
    return firingPage()
        .setState(AlertState.RESOLVED)
        .setTransitionAt(RESOLVED_AT)
        .setErrorBudgetRemaining(0.3)
        .setTimeToExhaustionMillis(null)
        .setAnnotations(Map.of());
  }
}
