package io.slipstream.processor.slo.engine;

import io.slipstream.avro.Severity;
import org.apache.kafka.common.serialization.Serde;

/** Access to the alert-state serde for wiring the store, and read-only access for queries. */
public final class AlertStates {
  private AlertStates() {}

  /**
   * The serde of {@code slo-alert-state-store}'s values, typed as the caller's store is: the value
   * type is package-private, and outside the engine a value is only read through {@link #current}.
   */
  @SuppressWarnings("unchecked") // AlertStatus is package-private; callers never look inside
  public static <T> Serde<T> serde() {
    return (Serde<T>) new AlertStatus.Codec();
  }

  /**
   * What a query may know of one stored alert state.
   *
   * @param firing whether the alert is firing
   * @param since when it last changed state (event time, epoch ms); {@link Long#MIN_VALUE} if never
   */
  public record Current(boolean firing, long since) {}

  /** The key of ({@code sloId}, {@code severity}) in {@code slo-alert-state-store}. */
  public static String storeKey(String sloId, Severity severity) {
    return SloAlerting.alertKey(sloId, severity);
  }

  /**
   * Reads a value of {@code slo-alert-state-store} as returned by an interactive query.
   *
   * @return null when {@code storedValue} is null
   * @throws ClassCastException when it is not a value of that store
   */
  public static Current current(Object storedValue) {
    if (storedValue == null) {
      return null;
    }
    AlertStatus status = (AlertStatus) storedValue;
    return new Current(status.firing(), status.since());
  }
}
