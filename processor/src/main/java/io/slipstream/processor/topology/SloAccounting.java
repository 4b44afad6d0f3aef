package io.slipstream.processor.topology;

import io.slipstream.avro.BurnRateEvaluation;
import io.slipstream.avro.SloAlert;
import io.slipstream.processor.aggregation.RequestBucket;
import io.slipstream.processor.key.SliKey;
import io.slipstream.processor.slo.corrections.CorrectionRegistry;
import io.slipstream.processor.slo.engine.RetainedRequests;
import io.slipstream.processor.slo.engine.SlaBookkeeping;
import io.slipstream.processor.slo.engine.SloAccountant;
import io.slipstream.processor.slo.engine.SloGroup;
import io.slipstream.processor.slo.engine.SloOutput;
import io.slipstream.processor.slo.engine.SloRegistry;
import io.slipstream.processor.slo.sla.SlaRegistry;
import io.slipstream.processor.slo.sla.SlaReport;
import io.slipstream.processor.slo.sla.SlaReportRecords;
import io.slipstream.processor.store.LiveWindowStore;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The SLO stage: counts the requests and samples the SLI aggregation hands it in every SLO of their
 * service, evaluates every SLO at each tick, and publishes burn rates, alert transitions and SLA
 * reports. It owns the SLO stores; of the aggregation's it only reads the base buckets, through
 * {@link RetainedRequests} (where a new SLO starts) and for the trace ids of failed requests an
 * alert names.
 */
final class SloAccounting implements Processor<String, SloInput, Object, Object> {
  private static final int MAX_EXEMPLARS = 10;

  private final SliSettings settings;
  private final SloSettings sloSettings;
  private final SloRegistry registry;
  private final CorrectionRegistry corrections;
  private final SlaRegistry slas;

  private ProcessorContext<Object, Object> context;
  private LiveWindowStore<SliKey, RequestBucket> buckets;
  private KeyValueStore<String, BurnRateEvaluation> sloStatus;
  private SloAccountant slos;

  SloAccounting(
      SliSettings settings,
      SloSettings sloSettings,
      SloRegistry registry,
      CorrectionRegistry corrections,
      SlaRegistry slas) {
    this.settings = settings;
    this.sloSettings = sloSettings;
    this.registry = registry;
    this.corrections = corrections;
    this.slas = slas;
  }

  @Override
  public void init(ProcessorContext<Object, Object> context) {
    this.context = context;
    this.buckets = context.getStateStore(StoreNames.SLI_BUCKETS);
    this.sloStatus = context.getStateStore(StoreNames.SLO_STATUS);
    this.slos =
        new SloAccountant(
            registry,
            corrections,
            settings.grace().toMillis(),
            sloSettings.evaluationInterval().toMillis(),
            sloSettings.minuteRetention().toMillis(),
            context.getStateStore(StoreNames.SLO_MINUTE_COUNTS),
            context.getStateStore(StoreNames.SLO_PERIOD_MINUTE_COUNTS),
            context.getStateStore(StoreNames.SLO_ALERT_STATE),
            context.getStateStore(StoreNames.SLO_COVERAGE),
            context.getStateStore(StoreNames.SLO_BREAKDOWN_MINUTES),
            new RetainedBaseBuckets(),
            new SlaBookkeeping(
                slas,
                context.getStateStore(StoreNames.SLO_INCIDENTS),
                context.getStateStore(StoreNames.SLA_REPORT_PROGRESS),
                sloSettings.hourRetention().toMillis()),
            new ForwardingSloOutput());
    KeyValueStore<Bytes, Long> progress = context.getStateStore(StoreNames.WATERMARK);
    long watermark = EventTimeProgress.stored(progress);
    long evaluatedUpTo =
        watermark == EventTimeProgress.NONE
            ? Long.MIN_VALUE
            : watermark - sloSettings.settle().toMillis();
    if (evaluatedUpTo < EventTimeProgress.storedFirstTick(progress)) {
      // No tick was evaluated yet (none, or only a closed bucket, stored the watermark), but
      // counts may be stored already: they wait for the first tick.
      evaluatedUpTo = Long.MIN_VALUE;
    }
    slos.restore(evaluatedUpTo);
  }

  @Override
  public void process(Record<String, SloInput> record) {
    SloInput input = record.value();
    if (input instanceof SloInput.Request request) {
      slos.onRequest(request.event(), request.isError(), request.eventTime());
    } else if (input instanceof SloInput.Sample sample) {
      slos.onSample(sample.sample(), sample.eventTime());
    } else if (input instanceof SloInput.Tick tick) {
      slos.evaluate(tick.time());
    }
  }

  /**
   * The base buckets of a service's requests, all operations, that the bucket store still keeps.
   */
  private final class RetainedBaseBuckets implements RetainedRequests {
    @Override
    public void forEachBucket(String service, long from, BucketVisitor visitor) {
      buckets.forEachWindow(
          SliKey.forService(service),
          Math.max(0, from),
          Long.MAX_VALUE,
          (start, bucket) -> visitor.visit(start, bucket.count(), bucket.errorCount()));
    }

    @Override
    public long bucketMs() {
      return settings.bucketSize().toMillis();
    }

    @Override
    public long retentionMs() {
      return settings.bucketRetention().toMillis();
    }
  }

  /** Sends the SLO engine's results to their sinks, keeping each SLO's latest evaluation. */
  private final class ForwardingSloOutput implements SloOutput {
    @Override
    public void burnRates(BurnRateEvaluation evaluation) {
      // An instance of a grouped SLO has its own entry and key: its record names its SLO's id.
      String key = SloGroup.recordKey(evaluation.getSloId(), evaluation.getGroupKey());
      // The record first: the status entry takes its encoding (EncodedEvaluations).
      context.forward(
          new Record<Object, Object>(
              key, evaluation, stamp(evaluation.getEvaluatedAt().toEpochMilli())),
          ProcessorNames.SLO_BURN_RATES_SINK);
      sloStatus.put(key, evaluation);
    }

    @Override
    public void alert(SloAlert alert) {
      context.forward(
          new Record<Object, Object>(
              SloGroup.recordKey(alert.getSloId(), alert.getGroupKey()),
              alert,
              stamp(alert.getTransitionAt().toEpochMilli())),
          ProcessorNames.SLO_ALERTS_SINK);
    }

    @Override
    public void slaReport(SlaReport report) {
      context.forward(
          new Record<Object, Object>(
              report.recordKey(), SlaReportRecords.toRecord(report), stamp(report.generatedAt())),
          ProcessorNames.SLA_REPORTS_SINK);
    }

    @Override
    public void removed(String sloId) {
      sloStatus.delete(sloId);
    }

    @Override
    public List<String> failedTraceIds(String service, long from, long to) {
      long bucketMs = settings.bucketSize().toMillis();
      Set<String> ids = new LinkedHashSet<>();
      for (long start = Math.floorDiv(from, bucketMs) * bucketMs;
          start < to && ids.size() < MAX_EXEMPLARS;
          start += bucketMs) {
        RequestBucket bucket = buckets.get(SliKey.forService(service), start);
        if (bucket != null) {
          ids.addAll(bucket.failedTraceIds());
        }
      }
      return ids.stream().limit(MAX_EXEMPLARS).toList();
    }
  }

  /**
   * The timestamp of an output record about event time {@code time}: that time, unless it is ahead
   * of the wall clock, which the broker may refuse.
   */
  private long stamp(long time) {
    return Math.min(time, context.currentSystemTimeMs());
  }
}
