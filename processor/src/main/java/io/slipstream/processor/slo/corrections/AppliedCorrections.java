package io.slipstream.processor.slo.corrections;

import java.util.ArrayList;
import java.util.List;

/**
 * The corrections of one SLO as the engine applies them, per minute: a minute is EXCLUDED when an
 * exclude correction covers it (exclusion wins over attribution when both do), ATTRIBUTED when only
 * attribute corrections do, and counted as usual otherwise. Immutable; lookups scan the (few)
 * ranges, so the common case of no correction costs one check.
 */
public final class AppliedCorrections {
  public static final AppliedCorrections NONE = new AppliedCorrections(List.of());

  /** How one minute counts. */
  public enum Treatment {
    COUNTED,
    EXCLUDED,
    ATTRIBUTED
  }

  private final List<SloCorrection> corrections;

  public AppliedCorrections(List<SloCorrection> corrections) {
    this.corrections = List.copyOf(corrections);
  }

  public boolean isEmpty() {
    return corrections.isEmpty();
  }

  public List<SloCorrection> corrections() {
    return corrections;
  }

  /** How the minute starting at {@code minuteStart} counts. */
  public Treatment treatment(long minuteStart) {
    Treatment treatment = Treatment.COUNTED;
    for (SloCorrection correction : corrections) {
      if (minuteStart >= correction.startMs() && minuteStart < correction.endMs()) {
        if (correction.action() == SloCorrection.Action.EXCLUDE) {
          return Treatment.EXCLUDED;
        }
        treatment = Treatment.ATTRIBUTED;
      }
    }
    return treatment;
  }

  /** The ids of the corrections active at {@code now} that hold back pages. */
  public List<String> silencingAt(long now) {
    List<String> ids = new ArrayList<>();
    for (SloCorrection correction : corrections) {
      if (correction.silencePages() && correction.activeAt(now)) {
        ids.add(correction.id());
      }
    }
    // Kept by every SLO's accounting until the next evaluation: none is the shared empty list.
    return ids.isEmpty() ? List.of() : ids;
  }

  /** The ids of the corrections active at {@code now}. */
  public List<String> activeAt(long now) {
    List<String> ids = new ArrayList<>();
    for (SloCorrection correction : corrections) {
      if (correction.activeAt(now)) {
        ids.add(correction.id());
      }
    }
    return ids;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof AppliedCorrections that && corrections.equals(that.corrections);
  }

  @Override
  public int hashCode() {
    return corrections.hashCode();
  }
}
