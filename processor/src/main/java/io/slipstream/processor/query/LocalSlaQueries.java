package io.slipstream.processor.query;

import io.slipstream.avro.BurnRateEvaluation;
import io.slipstream.processor.slo.corrections.SloCorrection;
import io.slipstream.processor.slo.engine.MinuteCounts;
import io.slipstream.processor.slo.engine.SlaBookkeeping;
import io.slipstream.processor.slo.engine.SloGroup;
import io.slipstream.processor.slo.sla.FleetSummary;
import io.slipstream.processor.slo.sla.Incident;
import io.slipstream.processor.slo.sla.SlaDefinition;
import io.slipstream.processor.slo.sla.SlaReport;
import io.slipstream.processor.slo.sla.SlaReportBuilder;
import io.slipstream.processor.slo.spec.SloDefinition;
import io.slipstream.processor.store.LiveWindowStore;
import io.slipstream.processor.topology.StoreNames;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.apache.kafka.streams.state.WindowStoreIterator;

/** SLA reports from this instance's committed stores, for the partition owning the SLO. */
final class LocalSlaQueries {
  private static final long HOUR_MS = 3_600_000L;

  private final KafkaStreams streams;

  LocalSlaQueries(KafkaStreams streams) {
    this.streams = streams;
  }

  SlaReport report(
      SlaDefinition sla,
      SloDefinition slo,
      List<SloCorrection> corrections,
      long start,
      long end,
      long now,
      int partition) {
    Map<Long, MinuteCounts> hours = new HashMap<>();
    for (LiveWindowStore<String, MinuteCounts> store :
        streams.store(
            StoreQueryParameters.fromNameAndType(
                    StoreNames.SLO_PERIOD_MINUTE_COUNTS,
                    new LiveWindowStoreType<String, MinuteCounts>())
                .withPartition(partition))) {
      try (WindowStoreIterator<MinuteCounts> windows =
          store.fetchCommitted(slo.id(), Math.floorDiv(start, HOUR_MS) * HOUR_MS, end - 1)) {
        while (windows.hasNext()) {
          KeyValue<Long, MinuteCounts> window = windows.next();
          hours.put(window.key, window.value);
        }
      }
    }
    ReadOnlyKeyValueStore<String, Incident> incidents =
        streams.store(
            StoreQueryParameters.fromNameAndType(
                    StoreNames.SLO_INCIDENTS, QueryableStoreTypes.<String, Incident>keyValueStore())
                .withPartition(partition));
    return SlaReportBuilder.build(
        sla,
        slo,
        corrections,
        start,
        end,
        now,
        hours,
        SlaBookkeeping.incidents(incidents, slo.id(), start, end));
  }

  /**
   * The fleet summary of an SLA on a grouped SLO for one period: every instance's report, summed.
   * Costs one report per instance (the period's hours and incidents of each).
   */
  SlaReport fleetReport(
      SlaDefinition sla,
      SloDefinition slo,
      List<SloCorrection> corrections,
      long start,
      long end,
      long now,
      int partition) {
    FleetSummary fleet = new FleetSummary(sla, slo.id());
    List<String> labels = slo.grouping().labels();
    try (KeyValueIterator<String, BurnRateEvaluation> instances =
        statuses(partition)
            .range(SloGroup.firstInstanceKey(slo.id()), SloGroup.pastInstanceKeys(slo.id()))) {
      while (instances.hasNext()) {
        SloGroup group = SloGroup.parse(instances.next().key, labels);
        fleet.add(
            report(sla, group.instanceDefinition(slo), corrections, start, end, now, partition)
                .forGroup(slo.id(), group.key(), group.asMap()));
      }
    }
    return fleet.reportOr(report(sla, slo, corrections, start, end, now, partition));
  }

  /** Whether the instance of {@code group} has been evaluated in {@code partition}. */
  boolean hasInstance(SloGroup group, int partition) {
    return statuses(partition).get(group.instanceId()) != null;
  }

  private ReadOnlyKeyValueStore<String, BurnRateEvaluation> statuses(int partition) {
    return streams.store(
        StoreQueryParameters.fromNameAndType(
                StoreNames.SLO_STATUS,
                QueryableStoreTypes.<String, BurnRateEvaluation>keyValueStore())
            .withPartition(partition));
  }
}
