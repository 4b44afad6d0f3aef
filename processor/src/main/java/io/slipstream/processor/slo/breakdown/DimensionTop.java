package io.slipstream.processor.slo.breakdown;

import java.util.List;

/**
 * The values of one dimension with the most bad events in a window.
 *
 * @param dimension what the values are
 * @param totalBad all bad events of the window, exact
 * @param folded bad events counted but not attributed to any value, because their value was not
 *     among the C kept in this dimension; exact. A value that is not listed has at most the larger
 *     of this and the smallest listed count
 * @param values most bad events first, ties in value order; at most the n asked for
 */
public record DimensionTop(
    BreakdownDimension dimension, long totalBad, long folded, List<ValueShare> values) {
  public DimensionTop {
    values = List.copyOf(values);
  }
}
