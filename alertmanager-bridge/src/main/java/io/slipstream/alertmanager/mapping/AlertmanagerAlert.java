package io.slipstream.alertmanager.mapping;

import java.time.Instant;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * One element of the array that Alertmanager's {@code POST /api/v2/alerts} takes ({@code
 * postableAlert}). Alertmanager identifies an alert by its label set alone; annotations and times
 * are updated in place.
 *
 * @param labels label names and values; kept sorted by name (so the JSON is stable), unmodifiable
 * @param annotations annotation names and values; kept sorted, unmodifiable
 * @param startsAt when the alert started
 * @param endsAt when it ends: in the past for a resolved alert; for a firing one, the time after
 *     which Alertmanager resolves it unless it is sent again; null lets Alertmanager use its {@code
 *     resolve_timeout}
 * @param generatorUrl a link back to what produced the alert, or null
 */
public record AlertmanagerAlert(
    Map<String, String> labels,
    Map<String, String> annotations,
    Instant startsAt,
    Instant endsAt,
    String generatorUrl) {

  public AlertmanagerAlert {
    labels = Collections.unmodifiableSortedMap(new TreeMap<>(labels));
    annotations = Collections.unmodifiableSortedMap(new TreeMap<>(annotations));
    Objects.requireNonNull(startsAt, "startsAt");
  }

  /** Returns the same alert ending at {@code end} (never before it starts). */
  public AlertmanagerAlert endingAt(Instant end) {
    Instant bounded = end.isBefore(startsAt) ? startsAt : end;
    return new AlertmanagerAlert(labels, annotations, startsAt, bounded, generatorUrl);
  }

  /** Returns the same alert starting at {@code start}. */
  public AlertmanagerAlert startingAt(Instant start) {
    return new AlertmanagerAlert(labels, annotations, start, endsAt, generatorUrl);
  }

  /** Returns true when both carry the same labels, i.e. Alertmanager sees one alert. */
  public boolean sameAlertAs(AlertmanagerAlert other) {
    return labels.equals(other.labels);
  }
}
