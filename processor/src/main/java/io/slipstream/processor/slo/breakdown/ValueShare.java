package io.slipstream.processor.slo.breakdown;

import java.util.List;

/**
 * One value of a dimension in a window: its exact number of bad events, their share of all the
 * window's bad events, and up to E exemplar trace ids (the smallest ones, sorted).
 *
 * @param value the dimension's value, e.g. {@code eu-west-1}; for {@link
 *     BreakdownDimension#CONTRIBUTOR} the {@link Contributor#encoded() encoded} contributor
 * @param count bad events with this value, exact
 * @param share {@code count / totalBad}, in (0, 1]
 * @param exemplars trace ids of some of these events, smallest first
 */
public record ValueShare(String value, long count, double share, List<String> exemplars) {
  public ValueShare {
    exemplars = List.copyOf(exemplars);
  }
}
