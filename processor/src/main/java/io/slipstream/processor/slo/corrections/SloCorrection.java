package io.slipstream.processor.slo.corrections;

import io.slipstream.processor.slo.spec.SloDefinition;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A correction of SLO accounting over a time range: planned maintenance or a known incident.
 *
 * <p>The range is [{@code startMs}, {@code endMs}), both whole minutes (epoch ms): a correction
 * covers exactly the minute buckets that start in it, so an event at {@code 02:59:59.999} is
 * covered by a range ending at {@code 03:00} and one at {@code 03:00:00.000} is not.
 *
 * @param id unique id; the key on the {@code slo-corrections} topic
 * @param sloIds the SLOs it applies to by id (may be empty when a selector is given)
 * @param selectorService with a selector: every SLO of this service (null for none)
 * @param selectorLabels with a selector: SLOs carrying all these labels (empty for any)
 * @param zone the time zone the range was written in (for display; the range itself is absolute)
 * @param action what happens to the covered events
 * @param silencePages whether pages of the SLOs are held back while the range is active
 * @param filedAt when it was filed, epoch ms
 */
public record SloCorrection(
    String id,
    List<String> sloIds,
    String selectorService,
    Map<String, String> selectorLabels,
    long startMs,
    long endMs,
    String zone,
    Action action,
    String reason,
    String filedBy,
    boolean silencePages,
    long filedAt) {

  /** What a correction does to the events in its range. */
  public enum Action {
    /** The events count neither as good nor as total: the range leaves the SLO. */
    EXCLUDE,
    /** The events count as usual, but their bad ones are reported as planned budget spend. */
    ATTRIBUTE
  }

  public SloCorrection {
    Objects.requireNonNull(id, "id");
    sloIds = List.copyOf(sloIds);
    selectorLabels = Map.copyOf(selectorLabels);
    Objects.requireNonNull(action, "action");
  }

  /** Whether it applies to {@code definition}: named by id, or matched by the selector. */
  public boolean appliesTo(SloDefinition definition) {
    if (sloIds.contains(definition.id())) {
      return true;
    }
    if (selectorService == null && selectorLabels.isEmpty()) {
      return false;
    }
    if (selectorService != null && !selectorService.equals(definition.service())) {
      return false;
    }
    for (Map.Entry<String, String> label : selectorLabels.entrySet()) {
      if (!label.getValue().equals(definition.labels().get(label.getKey()))) {
        return false;
      }
    }
    return true;
  }

  /** Whether [{@code from}, {@code to}) and this range share a minute. */
  public boolean overlaps(long from, long to) {
    return startMs < to && from < endMs;
  }

  /** Whether the range is active at {@code now}. */
  public boolean activeAt(long now) {
    return startMs <= now && now < endMs;
  }
}
