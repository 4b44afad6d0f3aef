package io.slipstream.processor.query;

import io.slipstream.processor.slo.engine.SloGroup;
import io.slipstream.processor.slo.spec.SloDefinition;
import java.util.List;

/** A group of a grouped SLO as a request names it. */
final class GroupParameter {
  private GroupParameter() {}

  /**
   * The group {@code text} names: its key ({@code customer="acme"}, {@code other}) or, for a
   * one-key grouping, its value ({@code acme}).
   *
   * @throws ApiException (400) when it is neither
   */
  static SloGroup parse(SloDefinition slo, String text) {
    List<String> labels = slo.grouping().labels();
    try {
      return SloGroup.ofKey(slo.id(), labels, text);
    } catch (IllegalArgumentException e) {
      if (labels.size() == 1) {
        return new SloGroup(slo.id(), labels, List.of(text));
      }
      throw ApiException.badParameter("group", e.getMessage());
    }
  }
}
