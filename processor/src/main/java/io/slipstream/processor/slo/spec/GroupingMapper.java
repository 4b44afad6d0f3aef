package io.slipstream.processor.slo.spec;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Maps an SLO's grouping: {@code spec.grouping} ({@code by}, {@code maxGroups}, {@code
 * expireAfter}) or the {@code slipstream.io/group-by} annotation (keys only), which keeps the file
 * valid for other OpenSLO tools. The block wins when both are given.
 */
final class GroupingMapper {
  static final String GROUP_BY_ANNOTATION = "slipstream.io/group-by";
  private static final List<String> GROUPING_FIELDS = List.of("by", "maxGroups", "expireAfter");

  private GroupingMapper() {}

  /**
   * @param period the SLO period's nominal length (the default expiry), or null when invalid
   * @param saturation whether the SLO counts resource samples, which carry no request fields
   */
  static Grouping map(SpecNode sloSpec, SpecNode annotations, Duration period, boolean saturation) {
    SpecNode block = sloSpec.get("grouping");
    SpecNode annotation = annotations.get(GROUP_BY_ANNOTATION);
    if (!block.isPresent() && !annotation.isPresent()) {
      return Grouping.NONE;
    }
    // Absent fields of an absent block: the defaults apply.
    SpecNode by = annotation;
    SpecNode maxGroups = block.get("maxGroups");
    SpecNode expireAfter = block.get("expireAfter");
    if (block.isPresent()) {
      block.requireObject().allowOnly(GROUPING_FIELDS);
      by = block.get("by").required();
    }
    if (saturation) {
      throw by.error("a saturation SLO counts resource samples and cannot be grouped");
    }
    List<GroupKey> keys = keys(by);
    int cap = maxGroups.isPresent() ? maxGroups(maxGroups) : Grouping.DEFAULT_MAX_GROUPS;
    Duration expiry = expireAfter.isPresent() ? SpecDurations.parse(expireAfter) : period;
    if (expiry == null) {
      // The period is invalid and reported; any positive value lets the other checks run.
      expiry = Duration.ofDays(1);
    }
    try {
      return new Grouping(keys, cap, expiry);
    } catch (IllegalArgumentException e) {
      throw (expireAfter.isPresent() ? expireAfter : by).error(e.getMessage());
    }
  }

  private static List<GroupKey> keys(SpecNode by) {
    List<String> texts =
        by.isArray() ? by.texts() : List.of(by.text().split(",", -1)).stream().toList();
    List<GroupKey> keys = new ArrayList<>();
    for (String text : texts) {
      try {
        GroupKey key = GroupKey.parse(text.strip());
        if (keys.stream().anyMatch(existing -> existing.label().equals(key.label()))) {
          throw by.error("two grouping keys are labelled '" + key.label() + "'");
        }
        keys.add(key);
      } catch (IllegalArgumentException e) {
        throw by.error(e.getMessage());
      }
    }
    return keys;
  }

  private static int maxGroups(SpecNode node) {
    String text = node.text();
    try {
      int value = Integer.parseInt(text);
      if (value >= 1) {
        return value;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw node.error("must be a whole number of groups (1 or more), was " + node.describe());
  }
}
