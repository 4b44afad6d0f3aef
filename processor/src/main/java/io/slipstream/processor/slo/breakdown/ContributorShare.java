package io.slipstream.processor.slo.breakdown;

import java.util.List;

/**
 * The contributor with the most bad events in a window, split into its parts for display.
 *
 * @param contributor operation, region and status
 * @param count bad events of this contributor, exact
 * @param share {@code count / totalBad}, in (0, 1]
 * @param exemplars trace ids of some of these events, smallest first
 */
public record ContributorShare(
    Contributor contributor, long count, double share, List<String> exemplars) {
  public ContributorShare {
    exemplars = List.copyOf(exemplars);
  }
}
