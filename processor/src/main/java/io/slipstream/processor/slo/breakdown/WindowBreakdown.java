package io.slipstream.processor.slo.breakdown;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Where the bad events of a window went: the minutes' breakdowns merged, and asked for the values
 * with the most bad events. Immutable; the minutes it was made of are not changed or retained.
 *
 * <p>Every count is exact (see {@link MinuteBreakdown}): a value listed has exactly the reported
 * number of bad events in the window; bad events whose value was not kept are reported per
 * dimension as {@link DimensionTop#folded() folded}.
 */
public final class WindowBreakdown {
  private static final Comparator<KeptValue> MOST_BAD_FIRST =
      Comparator.<KeptValue>comparingLong(value -> value.count)
          .reversed()
          .thenComparing(value -> value.value);

  private final MinuteBreakdown merged;

  private WindowBreakdown(MinuteBreakdown merged) {
    this.merged = merged;
  }

  /**
   * Merges the breakdowns of a window's minutes, in any order. The result has the smallest value
   * and exemplar limits among them.
   */
  public static WindowBreakdown of(Iterable<MinuteBreakdown> minutes) {
    // Limits as large as they go: the first merge lowers them to the minutes' own.
    MinuteBreakdown merged = new MinuteBreakdown(Integer.MAX_VALUE, Integer.MAX_VALUE);
    for (MinuteBreakdown minute : minutes) {
      merged.mergeFrom(minute);
    }
    return new WindowBreakdown(merged);
  }

  /** The bad events of the window, exact. */
  public long totalBad() {
    return merged.totalBad();
  }

  /**
   * The {@code n} values of a dimension with the most bad events, most first, ties in value order.
   *
   * @throws IllegalArgumentException when {@code n} is negative
   */
  public DimensionTop top(BreakdownDimension dimension, int n) {
    if (n < 0) {
      throw new IllegalArgumentException("n must not be negative: " + n);
    }
    List<KeptValue> kept = new ArrayList<>(merged.kept(dimension));
    kept.sort(MOST_BAD_FIRST);
    List<ValueShare> values = new ArrayList<>(Math.min(n, kept.size()));
    for (KeptValue value : kept.subList(0, Math.min(n, kept.size()))) {
      values.add(new ValueShare(value.value, value.count, share(value.count), value.exemplars()));
    }
    return new DimensionTop(dimension, totalBad(), merged.folded(dimension), values);
  }

  /** {@link #top(BreakdownDimension, int)} of every dimension, in declaration order. */
  public List<DimensionTop> top(int n) {
    List<DimensionTop> tops = new ArrayList<>();
    for (BreakdownDimension dimension : BreakdownDimension.values()) {
      tops.add(top(dimension, n));
    }
    return tops;
  }

  /**
   * The operation, region and status with the most bad events among the kept contributors (ties in
   * value order); empty when the window had no bad events.
   */
  public Optional<ContributorShare> topContributor() {
    return top(BreakdownDimension.CONTRIBUTOR, 1).values().stream()
        .findFirst()
        .map(
            value ->
                new ContributorShare(
                    Contributor.decode(value.value()),
                    value.count(),
                    value.share(),
                    value.exemplars()));
  }

  private double share(long count) {
    return (double) count / merged.totalBad();
  }

  @Override
  public String toString() {
    return "WindowBreakdown" + merged.toString().substring("MinuteBreakdown".length());
  }
}
