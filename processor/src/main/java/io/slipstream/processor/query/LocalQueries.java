package io.slipstream.processor.query;

import io.slipstream.avro.BurnRateEvaluation;
import io.slipstream.avro.Severity;
import io.slipstream.avro.SliSnapshot;
import io.slipstream.avro.WindowBurnRate;
import io.slipstream.contracts.DurationText;
import io.slipstream.processor.aggregation.RequestBucket;
import io.slipstream.processor.aggregation.RollupBucket;
import io.slipstream.processor.aggregation.SaturationBucket;
import io.slipstream.processor.aggregation.SnapshotFactory;
import io.slipstream.processor.key.InstanceKey;
import io.slipstream.processor.key.SliKey;
import io.slipstream.processor.query.ApiViews.AlertView;
import io.slipstream.processor.query.ApiViews.RuleView;
import io.slipstream.processor.query.ApiViews.SeriesView;
import io.slipstream.processor.query.ApiViews.SliView;
import io.slipstream.processor.query.ApiViews.SloHistoryView;
import io.slipstream.processor.query.ApiViews.SloStatusView;
import io.slipstream.processor.query.ApiViews.SloView;
import io.slipstream.processor.query.ApiViews.WindowView;
import io.slipstream.processor.slo.arithmetic.BurnRateMath;
import io.slipstream.processor.slo.corrections.AppliedCorrections;
import io.slipstream.processor.slo.corrections.CorrectionRegistry;
import io.slipstream.processor.slo.corrections.SloCorrection;
import io.slipstream.processor.slo.engine.AlertStates;
import io.slipstream.processor.slo.engine.MinuteCounts;
import io.slipstream.processor.slo.engine.SloCounts;
import io.slipstream.processor.slo.engine.SloGroup;
import io.slipstream.processor.slo.spec.SloDefinition;
import io.slipstream.processor.store.LiveWindowStore;
import io.slipstream.processor.topology.StoreNames;
import io.slipstream.processor.window.SliWindowReader;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.QueryableStoreType;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.apache.kafka.streams.state.WindowStoreIterator;

/**
 * Answers questions from this instance's stores, for the partition that owns the service (see
 * {@link InstanceRouter}). Reads only committed state.
 */
final class LocalQueries {
  private static final long MINUTE_MS = 60_000L;
  private static final long HOUR_MS = 3_600_000L;

  private final PartitionStores stores;
  private final long bucketMs;
  private final CorrectionRegistry corrections;

  /**
   * @param corrections applied to the SLO history as the engine applies them
   */
  LocalQueries(PartitionStores stores, long bucketMs, CorrectionRegistry corrections) {
    this.stores = stores;
    this.bucketMs = bucketMs;
    this.corrections = corrections;
  }

  /**
   * The SLO with its latest evaluation and alert states; with history over {@code historyMs},
   * ending at the latest evaluation (or at {@code now} before the first one).
   */
  SloView slo(SloDefinition definition, int partition, long historyMs, QueryClock.Now now) {
    return slo(definition, definition, partition, historyMs, now);
  }

  /**
   * An instance of grouped SLO {@code parent}, as {@link #slo} gives an SLO: read under the
   * instance id, with the corrections of its SLO, named by the SLO's id and the group.
   */
  SloView instance(
      SloDefinition parent, SloGroup group, int partition, long historyMs, QueryClock.Now now) {
    return slo(group.instanceDefinition(parent), parent, partition, historyMs, now)
        .asInstance(parent.id(), group.key(), group.asMap());
  }

  /**
   * @param correctedAs the definition corrections are matched against: an instance has its SLO's
   */
  private SloView slo(
      SloDefinition definition,
      SloDefinition correctedAs,
      int partition,
      long historyMs,
      QueryClock.Now now) {
    ReadOnlyKeyValueStore<String, BurnRateEvaluation> statuses =
        store(StoreNames.SLO_STATUS, QueryableStoreTypes.keyValueStore(), partition);
    ReadOnlyKeyValueStore<String, Object> alertStates =
        store(StoreNames.SLO_ALERT_STATE, QueryableStoreTypes.keyValueStore(), partition);
    BurnRateEvaluation evaluation = statuses.get(definition.id());
    List<AlertView> alerts = new ArrayList<>();
    String alertState = evaluation == null ? "PENDING" : "OK";
    for (Severity severity : List.of(Severity.PAGE, Severity.TICKET, Severity.NO_DATA)) {
      AlertStates.Current current =
          AlertStates.current(alertStates.get(AlertStates.storeKey(definition.id(), severity)));
      if (current == null) {
        alerts.add(new AlertView(severity.name(), false, null));
        continue;
      }
      alerts.add(
          new AlertView(
              severity.name(),
              current.firing(),
              current.since() == Long.MIN_VALUE ? null : current.since()));
      if (current.firing() && ("OK".equals(alertState) || "PENDING".equals(alertState))) {
        alertState = severity.name(); // PAGE, TICKET, NO_DATA: most severe first
      }
    }
    SloView view =
        new SloView(
            definition.id(),
            definition.displayName(),
            definition.service(),
            definition.description(),
            definition.target(),
            evaluation != null ? evaluation.getPeriod() : period(definition),
            definition.budgeting() instanceof SloDefinition.Budgeting.Timeslices
                ? "Timeslices"
                : "Occurrences",
            alertState,
            alerts,
            definition.alerting().rules().stream()
                .map(
                    rule ->
                        new RuleView(
                            rule.severity().name(),
                            DurationText.format(rule.longWindow()),
                            DurationText.format(rule.shortWindow()),
                            rule.burnRate()))
                .toList(),
            evaluation == null ? null : status(evaluation),
            null,
            now.millis(),
            now.source(),
            null,
            null,
            null,
            null);
    if (historyMs <= 0) {
      return view;
    }
    long end = evaluation != null ? evaluation.getEvaluatedAt().toEpochMilli() : now.millis();
    return view.withHistory(
        history(definition, corrections.forSlo(correctedAs), partition, end, historyMs));
  }

  private static String period(SloDefinition definition) {
    if (definition.window() instanceof SloDefinition.TimeWindow.Calendar calendar) {
      return calendar.unit() == SloDefinition.CalendarUnit.WEEK ? "1w calendar" : "1M calendar";
    }
    return DurationText.format(definition.window().nominalLength());
  }

  private static SloStatusView status(BurnRateEvaluation evaluation) {
    List<WindowBurnRate> windows = new ArrayList<>(evaluation.getWindows());
    windows.sort(java.util.Comparator.comparingLong(WindowBurnRate::getWindowMillis));
    Map<String, Double> burnRates = new LinkedHashMap<>();
    List<WindowView> windowViews = new ArrayList<>();
    for (WindowBurnRate window : windows) {
      burnRates.put(window.getWindow(), window.getBurnRate());
      windowViews.add(
          new WindowView(
              window.getWindow(),
              window.getWindowMillis(),
              window.getGoodEvents(),
              window.getTotalEvents(),
              window.getBurnRate()));
    }
    return new SloStatusView(
        evaluation.getEvaluatedAt().toEpochMilli(),
        evaluation.getSli(),
        evaluation.getErrorBudgetRemaining(),
        evaluation.getPeriodGoodEvents(),
        evaluation.getPeriodTotalEvents(),
        burnRates,
        windowViews,
        evaluation.getTimeToExhaustion1hMillis(),
        evaluation.getTimeToExhaustion6hMillis(),
        evaluation.getPeriodExcludedEvents(),
        evaluation.getPeriodPlannedBadEvents(),
        List.copyOf(evaluation.getActiveCorrections()),
        evaluation.getCompleteFrom() == null ? null : evaluation.getCompleteFrom().toEpochMilli());
  }

  /**
   * Burn rates per minute for the windows of the alert rules (event-count SLOs only: for time
   * slices the minute store holds slice inputs, not slices), and the budget burn-down per hour over
   * the current period.
   */
  private SloHistoryView history(
      SloDefinition definition,
      List<SloCorrection> applying,
      int partition,
      long end,
      long historyMs) {
    AppliedCorrections applied =
        applying.isEmpty() ? AppliedCorrections.NONE : new AppliedCorrections(applying);
    long lastMinute = Math.floorDiv(end, MINUTE_MS) * MINUTE_MS;
    long firstMinute = lastMinute - historyMs + MINUTE_MS;
    List<Long> minutes = new ArrayList<>();
    for (long m = firstMinute; m <= lastMinute; m += MINUTE_MS) {
      minutes.add(m);
    }
    Map<String, List<Double>> burnRates = new LinkedHashMap<>();
    if (definition.budgeting() instanceof SloDefinition.Budgeting.Occurrences) {
      TreeSet<Duration> windows = new TreeSet<>();
      definition
          .alerting()
          .rules()
          .forEach(
              rule -> {
                windows.add(rule.shortWindow());
                windows.add(rule.longWindow());
              });
      long longest = windows.isEmpty() ? 0 : windows.last().toMillis();
      TreeMap<Long, long[]> counts =
          counts(
              StoreNames.SLO_MINUTE_COUNTS,
              definition.id(),
              partition,
              firstMinute - longest,
              lastMinute);
      if (!applied.isEmpty()) {
        counts
            .keySet()
            .removeIf(m -> applied.treatment(m) == AppliedCorrections.Treatment.EXCLUDED);
      }
      for (Duration window : windows) {
        List<Double> series = new ArrayList<>();
        for (long m : minutes) {
          long good = 0;
          long total = 0;
          for (long[] c : counts.subMap(m - window.toMillis(), false, m, true).values()) {
            good += c[0];
            total += c[1];
          }
          series.add(BurnRateMath.burnRate(good, total, definition.target()));
        }
        burnRates.put(DurationText.format(window), series);
      }
    }
    long periodStart = periodStart(definition, end);
    long lastHour = Math.floorDiv(end, HOUR_MS) * HOUR_MS;
    TreeMap<Long, long[]> hours =
        hourCounts(definition.id(), partition, periodStart, lastHour, applied);
    long total = hours.values().stream().mapToLong(c -> c[1]).sum();
    List<Long> budgetHours = new ArrayList<>();
    List<Double> remaining = new ArrayList<>();
    long bad = 0;
    for (long h = Math.floorDiv(periodStart, HOUR_MS) * HOUR_MS; h <= lastHour; h += HOUR_MS) {
      long[] c = hours.get(h);
      if (c != null) {
        bad += c[1] - c[0];
      }
      budgetHours.add(h);
      remaining.add(BurnRateMath.budgetRemaining(total - bad, total, definition.target()));
    }
    return new SloHistoryView(minutes, burnRates, budgetHours, remaining);
  }

  /**
   * Good and total events per hour from the per-minute period counts, leaving out the minutes an
   * exclude correction covers.
   */
  private TreeMap<Long, long[]> hourCounts(
      String sloId, int partition, long from, long to, AppliedCorrections applied) {
    TreeMap<Long, long[]> hours = new TreeMap<>();
    for (LiveWindowStore<String, MinuteCounts> store :
        store(
            StoreNames.SLO_PERIOD_MINUTE_COUNTS,
            new LiveWindowStoreType<String, MinuteCounts>(),
            partition)) {
      try (WindowStoreIterator<MinuteCounts> windows = store.fetchCommitted(sloId, from, to)) {
        while (windows.hasNext()) {
          KeyValue<Long, MinuteCounts> hour = windows.next();
          long good = 0;
          long total = 0;
          for (int i = 0; i < MinuteCounts.MINUTES; i++) {
            if (applied.isEmpty()
                || applied.treatment(hour.key + i * MINUTE_MS)
                    != AppliedCorrections.Treatment.EXCLUDED) {
              good += hour.value.good(i);
              total += hour.value.total(i);
            }
          }
          hours.put(hour.key, new long[] {good, total});
        }
      }
    }
    return hours;
  }

  private static long periodStart(SloDefinition definition, long end) {
    return io.slipstream.processor.slo.spec.CalendarPeriods.currentPeriodStart(definition, end);
  }

  private TreeMap<Long, long[]> counts(
      String storeName, String sloId, int partition, long from, long to) {
    TreeMap<Long, long[]> counts = new TreeMap<>();
    for (LiveWindowStore<String, SloCounts> store :
        store(storeName, new LiveWindowStoreType<String, SloCounts>(), partition)) {
      try (WindowStoreIterator<SloCounts> windows = store.fetchCommitted(sloId, from, to)) {
        while (windows.hasNext()) {
          KeyValue<Long, SloCounts> window = windows.next();
          counts.put(window.key, new long[] {window.value.good(), window.value.total()});
        }
      }
    }
    return counts;
  }

  /** The golden signals of {@code service} (or one operation) over the range. */
  SliView sli(
      String service, String operation, TimeRange range, int partition, QueryClock.Now now) {
    SliWindowReader reader = reader(partition);
    SliKey key =
        operation == null ? SliKey.forService(service) : SliKey.forOperation(service, operation);
    RequestBucket requests = reader.read(key, range.from(), range.to());
    OptionalDouble saturation =
        operation == null
            ? maxSaturation(
                saturationByBucket(service, range.from(), range.to(), partition),
                range.from(),
                range.to())
            : OptionalDouble.empty();
    return view(SnapshotFactory.create(
            service, operation, range.from(), range.to(), requests, saturation))
        .at(now);
  }

  /** The golden signals per step over the range. */
  SeriesView series(
      String service,
      String operation,
      TimeRange range,
      long step,
      int partition,
      QueryClock.Now now) {
    SliWindowReader reader = reader(partition);
    SliKey key =
        operation == null ? SliKey.forService(service) : SliKey.forOperation(service, operation);
    TreeMap<Long, Double> saturation =
        operation == null
            ? saturationByBucket(service, range.from(), range.to(), partition)
            : new TreeMap<>();
    List<SliView> points = new ArrayList<>();
    for (long start = range.from(); start < range.to(); start += step) {
      RequestBucket requests = reader.read(key, start, start + step);
      points.add(
          view(
              SnapshotFactory.create(
                  service,
                  operation,
                  start,
                  start + step,
                  requests,
                  maxSaturation(saturation, start, start + step))));
    }
    return new SeriesView(
        service, operation, range.from(), range.to(), step, points, now.millis(), now.source());
  }

  /**
   * Whether {@code service} left any trace in the SLI stores kept here within {@code retention}: an
   * hour rollup, or a base bucket not yet folded into one (a service's first minute or so).
   */
  boolean hasData(String service, int partition, long now, java.time.Duration retention) {
    SliKey key = SliKey.forService(service);
    long from = now - retention.toMillis();
    long to = now + HOUR_MS;
    return anyWindow(StoreNames.SLI_HOUR_ROLLUPS, key, from, to, partition)
        || anyWindow(StoreNames.SLI_BUCKETS, key, from, to, partition);
  }

  private boolean anyWindow(String storeName, SliKey key, long from, long to, int partition) {
    for (LiveWindowStore<SliKey, Object> windows :
        store(storeName, new LiveWindowStoreType<SliKey, Object>(), partition)) {
      try (WindowStoreIterator<Object> found = windows.fetchCommitted(key, from, to)) {
        if (found.hasNext()) {
          return true;
        }
      }
    }
    return false;
  }

  private SliWindowReader reader(int partition) {
    LiveWindowStoreType<SliKey, RollupBucket> rollups = new LiveWindowStoreType<>();
    return new SliWindowReader(
        single(store(StoreNames.SLI_BUCKETS, new LiveWindowStoreType<>(), partition)),
        single(store(StoreNames.SLI_MINUTE_ROLLUPS, rollups, partition)),
        single(store(StoreNames.SLI_HOUR_ROLLUPS, rollups, partition)),
        bucketMs);
  }

  private TreeMap<Long, Double> saturationByBucket(
      String service, long from, long to, int partition) {
    TreeMap<Long, Double> byBucket = new TreeMap<>();
    for (LiveWindowStore<InstanceKey, SaturationBucket> store :
        store(
            StoreNames.SATURATION_BUCKETS,
            new LiveWindowStoreType<InstanceKey, SaturationBucket>(),
            partition)) {
      try (WindowStoreIterator<SaturationBucket> windows =
          store.fetchCommitted(InstanceKey.forService(service), from, to - 1)) {
        while (windows.hasNext()) {
          KeyValue<Long, SaturationBucket> window = windows.next();
          if (!window.value.isEmpty()) {
            byBucket.merge(window.key, window.value.saturation(), Math::max);
          }
        }
      }
    }
    return byBucket;
  }

  private static OptionalDouble maxSaturation(TreeMap<Long, Double> byBucket, long from, long to) {
    return byBucket.subMap(from, true, to, false).values().stream()
        .mapToDouble(Double::doubleValue)
        .max();
  }

  private static <T> T single(List<T> stores) {
    if (stores.size() != 1) {
      throw new InvalidStateStoreException(
          "expected the store of one partition, found " + stores.size());
    }
    return stores.get(0);
  }

  private <T> T store(String name, QueryableStoreType<T> type, int partition) {
    return stores.store(name, type, partition);
  }

  static SliView view(SliSnapshot snapshot) {
    Map<String, Number> latency = new LinkedHashMap<>();
    latency.put("p50", snapshot.getLatencyP50Micros());
    latency.put("p90", snapshot.getLatencyP90Micros());
    latency.put("p95", snapshot.getLatencyP95Micros());
    latency.put("p99", snapshot.getLatencyP99Micros());
    latency.put("p999", snapshot.getLatencyP999Micros());
    latency.put("min", snapshot.getLatencyMinMicros());
    latency.put("max", snapshot.getLatencyMaxMicros());
    return new SliView(
        snapshot.getService(),
        snapshot.getOperation(),
        snapshot.getWindowStart().toEpochMilli(),
        snapshot.getWindowEnd().toEpochMilli(),
        snapshot.getRequestCount(),
        snapshot.getErrorCount(),
        snapshot.getErrorRatio(),
        snapshot.getRequestsPerSecond(),
        latency,
        snapshot.getSaturation(),
        List.copyOf(snapshot.getExemplarTraceIds()),
        null,
        null);
  }
}
