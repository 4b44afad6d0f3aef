package io.slipstream.processor.slo.spec;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * How a grouped SLO splits into instances: one per distinct combination of its keys' values, each
 * with its own counts, budget, burn rates and alerts (a Slipstream extension to OpenSLO, {@code
 * spec.grouping}).
 *
 * @param keys the grouping keys in order, each a {@link GroupKey}; empty for an ungrouped SLO
 * @param maxGroups at most this many instances per SLO; events of further groups are counted in one
 *     instance named {@code other}
 * @param expireAfter an instance without events for this long is dropped (its stores age out)
 */
public record Grouping(List<GroupKey> keys, int maxGroups, Duration expireAfter) {
  /** The default cap on instances per SLO. */
  public static final int DEFAULT_MAX_GROUPS = 100_000;

  /** No grouping: the SLO is one instance. */
  public static final Grouping NONE = new Grouping(List.of(), DEFAULT_MAX_GROUPS, null);

  /**
   * @throws IllegalArgumentException when a key is repeated, two keys share a label, {@code
   *     maxGroups} is below 1, or {@code expireAfter} is not positive
   */
  public Grouping {
    keys = List.copyOf(keys);
    Set<String> labels = new HashSet<>();
    for (GroupKey key : keys) {
      if (!labels.add(key.label())) {
        throw new IllegalArgumentException("two grouping keys are labelled " + key.label());
      }
    }
    if (maxGroups < 1) {
      throw new IllegalArgumentException("maxGroups must be at least 1, was " + maxGroups);
    }
    if (!keys.isEmpty()) {
      Objects.requireNonNull(expireAfter, "expireAfter");
      if (expireAfter.isNegative() || expireAfter.isZero()) {
        throw new IllegalArgumentException("expireAfter must be positive, was " + expireAfter);
      }
    }
  }

  public boolean isGrouped() {
    return !keys.isEmpty();
  }

  /** The labels of the keys, in order: what the group of an instance is written with. */
  public List<String> labels() {
    return keys.stream().map(GroupKey::label).toList();
  }
}
