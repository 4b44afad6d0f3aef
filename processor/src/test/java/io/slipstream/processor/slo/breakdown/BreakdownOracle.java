package io.slipstream.processor.slo.breakdown;

import io.slipstream.avro.Outcome;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The obvious way to say where bad events came from: every value of every dimension with its exact
 * count and all its trace ids, with no limit. The judge of {@link MinuteBreakdown}.
 */
final class BreakdownOracle {
  /** One bad event, with the raw fields {@link MinuteBreakdown#offerBad} takes. */
  record Event(
      String operation,
      String region,
      String zone,
      String instance,
      Integer statusCode,
      Outcome outcome,
      String traceId) {

    String value(BreakdownDimension dimension) {
      return switch (dimension) {
        case OPERATION -> operation;
        case REGION -> region == null ? "unknown" : region;
        case ZONE -> zone == null ? "unknown" : zone;
        case INSTANCE -> instance == null ? "unknown" : instance;
        case STATUS -> statusCode == null ? "none" : String.valueOf(statusCode);
        case OUTCOME -> outcome.name();
        case CONTRIBUTOR ->
            new Contributor(
                    operation, value(BreakdownDimension.REGION), value(BreakdownDimension.STATUS))
                .encoded();
      };
    }
  }

  /** A value's exact count and all its distinct trace ids, sorted. */
  record Expected(long count, TreeSet<String> traceIds) {}

  private final long total;
  private final Map<BreakdownDimension, Map<String, Expected>> values;

  private BreakdownOracle(long total, Map<BreakdownDimension, Map<String, Expected>> values) {
    this.total = total;
    this.values = values;
  }

  static BreakdownOracle of(List<Event> events) {
    Map<BreakdownDimension, Map<String, Expected>> values = new EnumMap<>(BreakdownDimension.class);
    for (BreakdownDimension dimension : BreakdownDimension.values()) {
      Map<String, Expected> counts = new TreeMap<>();
      for (Event event : events) {
        Expected before =
            counts.getOrDefault(event.value(dimension), new Expected(0, new TreeSet<>()));
        TreeSet<String> traceIds = new TreeSet<>(before.traceIds());
        if (event.traceId() != null) {
          traceIds.add(event.traceId());
        }
        counts.put(event.value(dimension), new Expected(before.count() + 1, traceIds));
      }
      values.put(dimension, counts);
    }
    return new BreakdownOracle(events.size(), values);
  }

  static MinuteBreakdown aggregate(List<Event> events, int valueLimit, int exemplarLimit) {
    MinuteBreakdown breakdown = new MinuteBreakdown(valueLimit, exemplarLimit);
    for (Event event : events) {
      breakdown.offerBad(
          event.operation(),
          event.region(),
          event.zone(),
          event.instance(),
          event.statusCode(),
          event.outcome(),
          event.traceId());
    }
    return breakdown;
  }

  long total() {
    return total;
  }

  /** Every value of the dimension with its count and trace ids. */
  Map<String, Expected> values(BreakdownDimension dimension) {
    return values.get(dimension);
  }

  /**
   * The values a breakdown with this value limit must keep: the {@code valueLimit} smallest by
   * unsigned hash, then by value.
   */
  List<String> keptValues(BreakdownDimension dimension, int valueLimit) {
    List<String> all = new ArrayList<>(values.get(dimension).keySet());
    Map<String, Long> hashes = new HashMap<>();
    all.forEach(value -> hashes.put(value, StableHash.of(value)));
    all.sort(
        Comparator.<String, Long>comparing(hashes::get, Long::compareUnsigned)
            .thenComparing(Comparator.naturalOrder()));
    return all.subList(0, Math.min(valueLimit, all.size())).stream().sorted().toList();
  }

  /** The {@code limit} smallest trace ids of a value. */
  List<String> exemplars(BreakdownDimension dimension, String value, int limit) {
    return values.get(dimension).get(value).traceIds().stream().limit(limit).toList();
  }
}
