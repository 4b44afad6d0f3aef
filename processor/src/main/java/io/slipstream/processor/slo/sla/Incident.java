package io.slipstream.processor.slo.sla;

import java.util.List;

/**
 * One page or ticket of an SLO, as SLA reports need it: when it fired and resolved, the stretch of
 * time whose bad events it stands for, and exemplar traces.
 *
 * @param severity PAGE or TICKET
 * @param firedAt when the alert fired (event time, epoch ms)
 * @param fromMs start of the incident: the firing rule's short window before {@code firedAt}, as
 *     the burn was already that high then
 * @param resolvedAt when it resolved, or null while it fires
 */
public record Incident(
    String severity, long firedAt, long fromMs, Long resolvedAt, List<String> exemplarTraceIds) {
  public Incident {
    exemplarTraceIds = List.copyOf(exemplarTraceIds);
  }

  public Incident resolved(long at) {
    return new Incident(severity, firedAt, fromMs, at, exemplarTraceIds);
  }

  /**
   * The key in {@code slo-incidents-store}: SLO id, then firing time, so a range scan is by time.
   */
  public static String key(String sloId, long firedAt, String severity) {
    return prefix(sloId, firedAt) + "\u0000" + severity;
  }

  /** Keys of {@code sloId}'s incidents fired at or after {@code firedAt} start here. */
  public static String prefix(String sloId, long firedAt) {
    return sloId + "\u0000" + String.format("%019d", Math.max(0, firedAt));
  }
}
