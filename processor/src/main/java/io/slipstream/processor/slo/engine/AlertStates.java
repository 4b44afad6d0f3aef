package io.slipstream.processor.slo.engine;

import org.apache.kafka.common.serialization.Serde;

/** Access to the alert-state serde for wiring the store. */
public final class AlertStates {
  private AlertStates() {}

  @SuppressWarnings("unchecked")
  public static <T> Serde<T> serde() {
    return (Serde<T>) new AlertStatus.Codec();
  }
}
