package io.slipstream.processor.slo.sla;

import io.slipstream.processor.slo.spec.SloDefinition.CalendarUnit;
import java.time.ZoneId;
import java.util.Comparator;
import java.util.List;

/**
 * A service-level agreement on one SLO: a calendar period in a time zone and credit tiers.
 *
 * @param tiers by threshold, highest first; the highest threshold is the SLA's objective
 * @param worstIncidents how many incidents a report lists
 */
public record SlaDefinition(
    String id,
    String sloId,
    CalendarUnit unit,
    ZoneId zone,
    List<CreditTier> tiers,
    int worstIncidents) {

  /** An achieved SLI (percent) below {@code belowPercent} owes {@code creditPercent} credit. */
  public record CreditTier(double belowPercent, double creditPercent) {}

  public SlaDefinition {
    tiers =
        tiers.stream()
            .sorted(Comparator.comparingDouble(CreditTier::belowPercent).reversed())
            .toList();
    if (tiers.isEmpty()) {
      throw new IllegalArgumentException("an SLA needs at least one credit tier");
    }
  }

  /** The objective as a fraction: the highest tier's threshold, e.g. 0.999. */
  public double objective() {
    return java.math.BigDecimal.valueOf(tiers.get(0).belowPercent()).movePointLeft(2).doubleValue();
  }

  /**
   * Whether an achieved SLI (fraction) meets the objective: it is not below the highest tier's
   * threshold, by the same comparison as {@link #creditFor}. Met without events.
   */
  public boolean met(Double sli) {
    return sli == null || !(sli * 100 < tiers.get(0).belowPercent());
  }

  /**
   * The credit owed (percent) for an achieved SLI (fraction): the largest credit among the tiers
   * whose threshold the SLI is below; 0 when none (or without events).
   */
  public double creditFor(Double sli) {
    double credit = 0;
    if (sli == null) {
      return credit;
    }
    for (CreditTier tier : tiers) {
      if (sli * 100 < tier.belowPercent()) {
        credit = Math.max(credit, tier.creditPercent());
      }
    }
    return credit;
  }
}
