package io.slipstream.processor.prometheus;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.slipstream.avro.BurnRateEvaluation;
import io.slipstream.avro.Severity;
import io.slipstream.avro.WindowBurnRate;
import io.slipstream.processor.metrics.LateEvents;
import io.slipstream.processor.metrics.RejectionCounts;
import io.slipstream.processor.slo.engine.AlertStates;
import io.slipstream.processor.slo.engine.SloGroup;
import io.slipstream.processor.topology.StoreNames;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * The processor's metrics in Prometheus text format: Kafka Streams client metrics, JVM metrics,
 * records dead-lettered by topic and reason, and per-SLO gauges (burn rate per window, SLI, error
 * budget remaining, alert firing) for the SLOs this instance owns, so that scraping every instance
 * gives every SLO exactly once.
 *
 * <p>SLO gauges are refreshed from the stores at each scrape; during a rebalance they keep their
 * previous values rather than vanish.
 */
public final class SlipstreamMetrics implements AutoCloseable {
  /** The label every state store's metrics carry its name in. */
  static final String STORE_TAG = "rocksdb.state.id";

  private static final List<String> STORE_TAG_KINDS =
      List.of("rocksdb.window.state.id", "rocksdb.session.state.id");

  private final PrometheusMeterRegistry registry = newRegistry();
  private final KafkaStreams streams;
  private final RejectionCounts rejections;
  private final KafkaStreamsMetrics kafkaStreamsMetrics;
  private final JvmGcMetrics gcMetrics = new JvmGcMetrics();
  private final MultiGauge burnRates;
  private final MultiGauge budgets;
  private final MultiGauge slis;
  private final MultiGauge firing;
  private final MultiGauge groupInstances;
  private final MultiGauge groupInstancesFiring;
  private final MultiGauge groupFolded;

  public SlipstreamMetrics(KafkaStreams streams, RejectionCounts rejections) {
    this.streams = streams;
    this.rejections = rejections;
    this.kafkaStreamsMetrics = new KafkaStreamsMetrics(streams);
    kafkaStreamsMetrics.bindTo(registry);
    new JvmMemoryMetrics().bindTo(registry);
    new JvmThreadMetrics().bindTo(registry);
    gcMetrics.bindTo(registry);
    burnRates =
        MultiGauge.builder("slipstream.slo.burn.rate")
            .description("Burn rate of an SLO over a trailing window: (bad/total) / (1 - target)")
            .register(registry);
    groupInstances =
        MultiGauge.builder("slipstream.slo.group.instances")
            .description("Instances (groups) a grouped SLO has, counting other")
            .register(registry);
    groupInstancesFiring =
        MultiGauge.builder("slipstream.slo.group.instances.firing")
            .description("Instances of a grouped SLO with a firing alert of this severity")
            .register(registry);
    groupFolded =
        MultiGauge.builder("slipstream.slo.group.folded.events")
            .description(
                "Events of the period counted in the instance other: groups beyond the SLO's cap")
            .register(registry);
    budgets =
        MultiGauge.builder("slipstream.slo.error.budget.remaining")
            .description("Fraction of the period's error budget left; negative once overspent")
            .register(registry);
    slis =
        MultiGauge.builder("slipstream.slo.sli")
            .description("good / total over the SLO period")
            .register(registry);
    firing =
        MultiGauge.builder("slipstream.slo.alert.firing")
            .description("1 while the SLO's alert of this severity fires, else 0")
            .register(registry);
  }

  /**
   * A Prometheus registry that takes every Kafka Streams metric.
   *
   * <p>Kafka Streams names a store's tag after its kind ({@code rocksdb.state.id} for key-value
   * stores, {@code rocksdb.window.state.id}, {@code rocksdb.session.state.id}), and the same
   * RocksDB metric exists for every kind. Prometheus wants one set of label keys per metric name,
   * so a plain registry refuses (with a warning) every kind but the first it sees. One key for all
   * keeps every store's series; the store names differ, so none collide.
   */
  static PrometheusMeterRegistry newRegistry() {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    for (String kind : STORE_TAG_KINDS) {
      registry.config().meterFilter(MeterFilter.renameTag("kafka.stream", kind, STORE_TAG));
    }
    return registry;
  }

  /** The Prometheus text exposition, refreshed from the stores. */
  public String scrape() {
    refreshRejections();
    refreshSloGauges();
    return registry.scrape();
  }

  public PrometheusMeterRegistry registry() {
    return registry;
  }

  private void refreshRejections() {
    // Registering an existing meter returns it: each (topic, reason) is registered once, when seen.
    rejections
        .snapshot()
        .keySet()
        .forEach(
            label ->
                FunctionCounter.builder(
                        "slipstream.records.dead.lettered",
                        rejections,
                        counts -> counts.count(label.topic(), label.reason()))
                    .description("Records sent to a dead-letter topic, by source topic and reason")
                    .tags("topic", label.topic(), "reason", label.reason().name())
                    .register(registry));
    LateEvents late = rejections.late();
    late.snapshot()
        .keySet()
        .forEach(
            topic -> {
              FunctionCounter.builder(
                      "slipstream.late.events.counted", late, l -> l.snapshot().get(topic).count())
                  .description(
                      "Late events still counted (their bucket had closed, so what they touched"
                          + " was revised), by source topic")
                  .tags("topic", topic)
                  .register(registry);
              FunctionCounter.builder(
                      "slipstream.late.events.lateness.seconds",
                      late,
                      l -> l.snapshot().get(topic).totalLatenessMs() / 1000.0)
                  .description(
                      "Sum of how far behind the watermark the counted late events were; divide"
                          + " by slipstream_late_events_counted_total for the mean")
                  .tags("topic", topic)
                  .register(registry);
              io.micrometer.core.instrument.Gauge.builder(
                      "slipstream.late.events.lateness.max.seconds",
                      late,
                      l -> l.snapshot().get(topic).maxLatenessMs() / 1000.0)
                  .description("The largest lateness of a counted late event since start")
                  .tags("topic", topic)
                  .register(registry);
            });
  }

  private void refreshSloGauges() {
    if (streams.state() != KafkaStreams.State.RUNNING) {
      return;
    }
    List<MultiGauge.Row<?>> burnRows = new ArrayList<>();
    List<MultiGauge.Row<?>> budgetRows = new ArrayList<>();
    List<MultiGauge.Row<?>> sliRows = new ArrayList<>();
    List<MultiGauge.Row<?>> firingRows = new ArrayList<>();
    // Grouped SLOs: counts per SLO, not a series per instance (there may be 100,000 of them).
    Map<Tags, long[]> groups = new java.util.LinkedHashMap<>();
    List<MultiGauge.Row<?>> foldedRows = new ArrayList<>();
    try {
      ReadOnlyKeyValueStore<String, BurnRateEvaluation> statuses =
          streams.store(
              StoreQueryParameters.fromNameAndType(
                  StoreNames.SLO_STATUS, QueryableStoreTypes.keyValueStore()));
      ReadOnlyKeyValueStore<String, Object> alerts =
          streams.store(
              StoreQueryParameters.fromNameAndType(
                  StoreNames.SLO_ALERT_STATE, QueryableStoreTypes.keyValueStore()));
      try (KeyValueIterator<String, BurnRateEvaluation> all = statuses.all()) {
        while (all.hasNext()) {
          KeyValue<String, BurnRateEvaluation> entry = all.next();
          BurnRateEvaluation evaluation = entry.value;
          Tags slo = Tags.of("slo", evaluation.getSloId(), "service", evaluation.getService());
          if (!evaluation.getGroupKey().isEmpty()) {
            long[] counts = groups.computeIfAbsent(slo, tags -> new long[1 + 3]);
            counts[0]++;
            List<Severity> severities = List.of(Severity.PAGE, Severity.TICKET, Severity.NO_DATA);
            for (int i = 0; i < severities.size(); i++) {
              AlertStates.Current current =
                  AlertStates.current(
                      alerts.get(AlertStates.storeKey(entry.key, severities.get(i))));
              counts[1 + i] += current != null && current.firing() ? 1 : 0;
            }
            if (evaluation.getGroupKey().equals(SloGroup.OTHER)) {
              foldedRows.add(MultiGauge.Row.of(slo, evaluation.getPeriodTotalEvents()));
            }
            continue;
          }
          budgetRows.add(MultiGauge.Row.of(slo, evaluation.getErrorBudgetRemaining()));
          if (evaluation.getSli() != null) {
            sliRows.add(MultiGauge.Row.of(slo, evaluation.getSli()));
          }
          for (WindowBurnRate window : evaluation.getWindows()) {
            if (window.getBurnRate() != null) {
              burnRows.add(
                  MultiGauge.Row.of(slo.and("window", window.getWindow()), window.getBurnRate()));
            }
          }
          for (Severity severity : List.of(Severity.PAGE, Severity.TICKET, Severity.NO_DATA)) {
            AlertStates.Current current =
                AlertStates.current(
                    alerts.get(AlertStates.storeKey(evaluation.getSloId(), severity)));
            firingRows.add(
                MultiGauge.Row.of(
                    slo.and("severity", severity.name().toLowerCase(java.util.Locale.ROOT)),
                    current != null && current.firing() ? 1 : 0));
          }
        }
      }
    } catch (InvalidStateStoreException e) {
      boolean activeTasks =
          streams.metadataForLocalThreads().stream()
              .anyMatch(thread -> !thread.activeTasks().isEmpty());
      if (activeTasks) {
        return; // a store is moving: keep what was last seen rather than drop the series
      }
      // No task here any more: another instance exports these SLOs now.
    }
    burnRates.register(burnRows, true);
    budgets.register(budgetRows, true);
    slis.register(sliRows, true);
    firing.register(firingRows, true);
    List<MultiGauge.Row<?>> instanceRows = new ArrayList<>();
    List<MultiGauge.Row<?>> instanceFiringRows = new ArrayList<>();
    groups.forEach(
        (slo, counts) -> {
          instanceRows.add(MultiGauge.Row.of(slo, counts[0]));
          instanceFiringRows.add(MultiGauge.Row.of(slo.and("severity", "page"), counts[1]));
          instanceFiringRows.add(MultiGauge.Row.of(slo.and("severity", "ticket"), counts[2]));
        });
    groupInstances.register(instanceRows, true);
    groupInstancesFiring.register(instanceFiringRows, true);
    groupFolded.register(foldedRows, true);
  }

  @Override
  public void close() {
    kafkaStreamsMetrics.close();
    gcMetrics.close();
    registry.close();
  }
}
