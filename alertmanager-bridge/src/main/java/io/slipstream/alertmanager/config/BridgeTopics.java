package io.slipstream.alertmanager.config;

import java.util.Objects;

/**
 * The topics the bridge reads and writes.
 *
 * @param alerts where the processor publishes alert transitions ({@value #SLO_ALERTS}: key = SLO
 *     id, value = {@code SloAlert} in the Confluent wire format)
 * @param deadLetters where records Alertmanager refused, or that cannot be read, go with their raw
 *     bytes and reason headers ({@value #SLO_ALERTS_DLQ})
 */
public record BridgeTopics(String alerts, String deadLetters) {
  public static final String SLO_ALERTS = "slo-alerts";
  public static final String SLO_ALERTS_DLQ = "slo-alerts-dlq";

  public BridgeTopics {
    Objects.requireNonNull(alerts, "alerts");
    Objects.requireNonNull(deadLetters, "deadLetters");
    if (alerts.equals(deadLetters)) {
      throw new IllegalArgumentException("the dead-letter topic must differ from " + alerts);
    }
  }

  /** The standard names. */
  public static BridgeTopics defaults() {
    return new BridgeTopics(SLO_ALERTS, SLO_ALERTS_DLQ);
  }
}
