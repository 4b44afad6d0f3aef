package io.slipstream.processor.slo.spec;

import java.util.List;
import java.util.Set;

/**
 * Selects request events by their fields. Every non-empty criterion must match; an empty selector
 * matches every event of the SLO's service.
 *
 * @param operations glob patterns over the operation ({@code *} any run of characters, {@code ?}
 *     one), e.g. {@code GET /cart*}; empty = any operation
 * @param outcomes outcome names ({@code SUCCESS}, {@code ERROR}, …); empty = any
 * @param statusClasses status classes {@code 1xx}…{@code 5xx}, or exact codes such as {@code 429};
 *     empty = any (events without a status code match only an empty list)
 * @param regions regions; empty = any
 */
public record EventSelector(
    List<String> operations, Set<String> outcomes, Set<String> statusClasses, Set<String> regions) {
  public EventSelector {
    operations = List.copyOf(operations);
    outcomes = Set.copyOf(outcomes);
    statusClasses = Set.copyOf(statusClasses);
    regions = Set.copyOf(regions);
  }

  /** Matches every event. */
  public static EventSelector any() {
    return new EventSelector(List.of(), Set.of(), Set.of(), Set.of());
  }
}
