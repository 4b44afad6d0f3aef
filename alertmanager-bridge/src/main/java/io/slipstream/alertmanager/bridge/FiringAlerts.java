package io.slipstream.alertmanager.bridge;

import io.slipstream.avro.AlertState;
import io.slipstream.avro.Severity;
import io.slipstream.avro.SloAlert;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.TopicPartition;

/**
 * The alerts that are firing now, per partition of the alert topic, so that they can be re-sent and
 * so that a partition's alerts leave with the partition when it is revoked. One alert per SLO and
 * severity (per instance and severity for a grouped SLO): the latest FIRING record, until a
 * RESOLVED record of the same SLO, group and severity.
 *
 * <p>Used by the bridge's one thread only.
 */
final class FiringAlerts {

  /**
   * Identifies an alert: the processor keeps one alert state machine per SLO (per instance of a
   * grouped SLO, which shares its SLO's id) and severity.
   *
   * @param groupKey the instance's group key; empty for an SLO without grouping
   */
  record Key(String sloId, String groupKey, Severity severity) {
    static Key of(SloAlert alert) {
      return new Key(alert.getSloId(), alert.getGroupKey(), alert.getSeverity());
    }
  }

  private final Map<TopicPartition, Map<Key, SloAlert>> byPartition = new HashMap<>();

  /** Returns the firing alert with {@code alert}'s SLO, group and severity, or null. */
  SloAlert get(TopicPartition partition, SloAlert alert) {
    Map<Key, SloAlert> alerts = byPartition.get(partition);
    return alerts == null ? null : alerts.get(Key.of(alert));
  }

  /**
   * Applies a transition: FIRING adds or replaces, RESOLVED removes, anything else changes nothing.
   *
   * @return the firing alert of that SLO and severity before the transition, or null
   */
  SloAlert apply(TopicPartition partition, SloAlert alert) {
    Key key = Key.of(alert);
    if (alert.getState() == AlertState.FIRING) {
      return byPartition.computeIfAbsent(partition, p -> new LinkedHashMap<>()).put(key, alert);
    }
    Map<Key, SloAlert> alerts = byPartition.get(partition);
    if (alerts == null) {
      return null;
    }
    if (alert.getState() == AlertState.RESOLVED) {
      SloAlert previous = alerts.remove(key);
      if (alerts.isEmpty()) {
        byPartition.remove(partition);
      }
      return previous;
    }
    return alerts.get(key);
  }

  /**
   * Takes back {@link #apply} of {@code alert}: restores {@code previous} (the value apply
   * returned), or removes the alert when there was none.
   */
  void undo(TopicPartition partition, SloAlert alert, SloAlert previous) {
    if (previous != null) {
      byPartition
          .computeIfAbsent(partition, p -> new LinkedHashMap<>())
          .put(Key.of(alert), previous);
      return;
    }
    Map<Key, SloAlert> alerts = byPartition.get(partition);
    if (alerts != null) {
      alerts.remove(Key.of(alert));
      if (alerts.isEmpty()) {
        byPartition.remove(partition);
      }
    }
  }

  /** Forgets the alerts of {@code partitions} (revoked or lost: another member has them now). */
  void drop(Collection<TopicPartition> partitions) {
    partitions.forEach(byPartition::remove);
  }

  /** Returns every firing alert. */
  List<SloAlert> all() {
    List<SloAlert> all = new ArrayList<>();
    byPartition.values().forEach(alerts -> all.addAll(alerts.values()));
    return all;
  }

  /** Returns how many alerts of {@code partition} are firing. */
  int count(TopicPartition partition) {
    Map<Key, SloAlert> alerts = byPartition.get(partition);
    return alerts == null ? 0 : alerts.size();
  }

  int size() {
    return byPartition.values().stream().mapToInt(Map::size).sum();
  }
}
