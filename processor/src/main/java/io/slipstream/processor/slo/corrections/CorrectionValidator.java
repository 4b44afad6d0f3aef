package io.slipstream.processor.slo.corrections;

import io.slipstream.processor.slo.documents.DocumentException;
import io.slipstream.processor.slo.spec.CalendarPeriods;
import io.slipstream.processor.slo.spec.SloDefinition;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Checks a correction against the SLOs and the other corrections before it is filed: every SLO it
 * names exists and its selector matches one; its range starts within the current period of every
 * SLO it applies to and is no longer than that period; and it overlaps no other correction of those
 * SLOs (a replaced correction, same id, is not "other"). Each problem is a {@link
 * DocumentException} naming the field.
 */
public final class CorrectionValidator {
  private CorrectionValidator() {}

  /**
   * @param slos the SLOs in force, in any order
   * @return the SLOs the correction applies to, by id order
   * @throws DocumentException naming the first problem
   */
  public static List<SloDefinition> validate(
      SloCorrection correction,
      Collection<SloDefinition> slos,
      CorrectionRegistry existing,
      long now) {
    Set<String> defined = new HashSet<>();
    slos.forEach(definition -> defined.add(definition.id()));
    for (int i = 0; i < correction.sloIds().size(); i++) {
      String id = correction.sloIds().get(i);
      if (!defined.contains(id)) {
        throw new DocumentException("spec.slos[" + i + "]", "unknown SLO '" + id + "'");
      }
    }
    List<SloDefinition> applies = new ArrayList<>();
    for (SloDefinition definition : slos) {
      if (correction.appliesTo(definition)) {
        applies.add(definition);
      }
    }
    if (applies.isEmpty()) {
      throw new DocumentException("spec.selector", "the selector matches no SLO");
    }
    applies.sort((a, b) -> a.id().compareTo(b.id()));
    for (SloDefinition definition : applies) {
      long periodStart = CalendarPeriods.currentPeriodStart(definition, now);
      if (correction.startMs() < periodStart) {
        throw new DocumentException(
            "spec.start",
            "starts before the current period of SLO '"
                + definition.id()
                + "', which began at "
                + Instant.ofEpochMilli(periodStart)
                + "; earlier events no longer count");
      }
      long periodMs = definition.window().nominalLength().toMillis();
      if (correction.endMs() - correction.startMs() > periodMs) {
        throw new DocumentException(
            "spec.end",
            "the range is longer than the period of SLO '"
                + definition.id()
                + "' ("
                + definition.window().nominalLength()
                + ")");
      }
      for (SloCorrection other : existing.forSlo(definition)) {
        if (!other.id().equals(correction.id())
            && other.overlaps(correction.startMs(), correction.endMs())) {
          throw new DocumentException(
              "spec.start",
              "the range overlaps correction '"
                  + other.id()
                  + "' ("
                  + Instant.ofEpochMilli(other.startMs())
                  + " to "
                  + Instant.ofEpochMilli(other.endMs())
                  + ") of SLO '"
                  + definition.id()
                  + "'");
        }
      }
    }
    return applies;
  }
}
