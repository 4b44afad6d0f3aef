package io.slipstream.alertmanager.config;

import io.slipstream.avro.SloAlert;
import io.slipstream.contracts.Topic;
import io.slipstream.contracts.Topics;
import java.util.Objects;

/**
 * The topics the bridge reads and writes, from the {@link Topics} catalogue, with the types and
 * serdes it gives them.
 *
 * @param alerts where the processor publishes alert transitions ({@value Topics#SLO_ALERTS}: key =
 *     SLO id, value = {@code SloAlert} in the Confluent wire format)
 * @param deadLetters where records Alertmanager refused, or that cannot be read, go with their raw
 *     bytes and reason headers ({@value Topics#SLO_ALERTS_DLQ})
 */
public record BridgeTopics(Topic<String, SloAlert> alerts, Topic<byte[], byte[]> deadLetters) {

  /**
   * @throws IllegalArgumentException when both are the same topic
   */
  public BridgeTopics {
    Objects.requireNonNull(alerts, "alerts");
    Objects.requireNonNull(deadLetters, "deadLetters");
    if (alerts.name().equals(deadLetters.name())) {
      throw new IllegalArgumentException("the dead-letter topic must differ from " + alerts.name());
    }
  }

  /** The standard names. */
  public static BridgeTopics defaults() {
    return from(Topics.defaults());
  }

  /** The bridge's topics of {@code topics}, e.g. {@code Topics.withPrefix("staging-")}. */
  public static BridgeTopics from(Topics topics) {
    return new BridgeTopics(topics.sloAlerts(), topics.sloAlertsDlq());
  }

  /** These topics under the names {@code alerts} and {@code deadLetters}. */
  public BridgeTopics named(String alertsName, String deadLettersName) {
    return new BridgeTopics(alerts.named(alertsName), deadLetters.named(deadLettersName));
  }
}
