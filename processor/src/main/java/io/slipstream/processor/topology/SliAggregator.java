package io.slipstream.processor.topology;

import io.slipstream.avro.BurnRateEvaluation;
import io.slipstream.avro.RequestEvent;
import io.slipstream.avro.ResourceSample;
import io.slipstream.avro.SliSnapshot;
import io.slipstream.avro.SloAlert;
import io.slipstream.processor.aggregation.RequestBucket;
import io.slipstream.processor.aggregation.RollupBucket;
import io.slipstream.processor.aggregation.SaturationBucket;
import io.slipstream.processor.aggregation.SnapshotFactory;
import io.slipstream.processor.deadletter.DeadLetterRecords;
import io.slipstream.processor.key.InstanceKey;
import io.slipstream.processor.key.SliKey;
import io.slipstream.processor.metrics.RejectionCounts;
import io.slipstream.processor.slo.corrections.CorrectionRegistry;
import io.slipstream.processor.slo.engine.SlaBookkeeping;
import io.slipstream.processor.slo.engine.SloAccountant;
import io.slipstream.processor.slo.engine.SloOutput;
import io.slipstream.processor.slo.engine.SloRegistry;
import io.slipstream.processor.slo.sla.SlaRegistry;
import io.slipstream.processor.slo.sla.SlaReport;
import io.slipstream.processor.slo.sla.SlaReportRecords;
import io.slipstream.processor.store.LiveWindowStore;
import io.slipstream.processor.topology.OpenBucketIndex.OpenBucket;
import io.slipstream.processor.validation.Rejection;
import io.slipstream.processor.validation.RejectionReason;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.OptionalDouble;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Aggregates decoded request events and resource samples into time buckets per service and per
 * operation (request aggregates at the base bucket, per minute and per hour; saturation at the base
 * bucket), and publishes each base bucket and each minute when it closes.
 *
 * <p>Event time comes from the events. The task's watermark is the latest event time it has seen;
 * an event more than the grace period behind it is LATE and goes to the dead-letter topic, so a
 * published bucket never changes. A bucket closes, and is published, when the watermark passes its
 * end plus the grace. An event updates only its base buckets; a closed base bucket is folded into
 * its minute and hour rollups ({@link RollupBucket}).
 */
final class SliAggregator implements Processor<Object, Object, Object, Object> {
  private static final Bytes WATERMARK_KEY = Bytes.wrap(new byte[] {'w'});
  private static final long NO_WATERMARK = Long.MIN_VALUE;
  private static final long MINUTE_MS = SliSettings.MINUTE.toMillis();
  private static final long HOUR_MS = SliSettings.HOUR.toMillis();

  /** Distinct services and operations a task keeps canonical keys for (a few MB at most). */
  private static final int MAX_CACHED_KEYS = 50_000;

  private final SliSettings settings;
  private final SloSettings sloSettings;
  private final SloRegistry registry;
  private final CorrectionRegistry corrections;
  private final SlaRegistry slas;
  private final Topics topics;
  private final RejectionCounts rejections;
  private final long bucketMs;
  private final long graceMs;
  private final SliKeyCache keyCache = new SliKeyCache(MAX_CACHED_KEYS);

  private ProcessorContext<Object, Object> context;
  private LiveWindowStore<SliKey, RequestBucket> buckets;
  private LiveWindowStore<SliKey, RollupBucket> minutes;
  private LiveWindowStore<SliKey, RollupBucket> hours;
  private LiveWindowStore<InstanceKey, SaturationBucket> saturation;
  private OpenBucketIndex openBuckets;
  private KeyValueStore<Bytes, Long> watermarkStore;
  private long watermark;
  private long nextCloseAt;
  private SloAccountant slos;
  private KeyValueStore<String, BurnRateEvaluation> sloStatus;
  private long nextEvaluationAt = Long.MIN_VALUE;
  private long lastActivityWallMs;

  SliAggregator(
      SliSettings settings,
      SloSettings sloSettings,
      SloRegistry registry,
      CorrectionRegistry corrections,
      SlaRegistry slas,
      Topics topics,
      RejectionCounts rejections) {
    this.settings = settings;
    this.sloSettings = sloSettings;
    this.registry = registry;
    this.corrections = corrections;
    this.slas = slas;
    this.topics = topics;
    this.rejections = rejections;
    this.bucketMs = settings.bucketSize().toMillis();
    this.graceMs = settings.grace().toMillis();
  }

  @Override
  public void init(ProcessorContext<Object, Object> context) {
    this.context = context;
    this.buckets = context.getStateStore(StoreNames.SLI_BUCKETS);
    this.minutes = context.getStateStore(StoreNames.SLI_MINUTE_ROLLUPS);
    this.hours = context.getStateStore(StoreNames.SLI_HOUR_ROLLUPS);
    this.saturation = context.getStateStore(StoreNames.SATURATION_BUCKETS);
    this.openBuckets = new OpenBucketIndex(context.getStateStore(StoreNames.OPEN_BUCKETS));
    this.watermarkStore = context.getStateStore(StoreNames.WATERMARK);
    Long stored = watermarkStore.get(WATERMARK_KEY);
    this.watermark = stored == null ? NO_WATERMARK : stored;
    this.nextCloseAt = openBuckets.earliestCloseAt();
    this.sloStatus = context.getStateStore(StoreNames.SLO_STATUS);
    this.slos =
        new SloAccountant(
            registry,
            corrections,
            graceMs,
            context.getStateStore(StoreNames.SLO_MINUTE_COUNTS),
            context.getStateStore(StoreNames.SLO_PERIOD_MINUTE_COUNTS),
            context.getStateStore(StoreNames.SLO_ALERT_STATE),
            new SlaBookkeeping(
                slas,
                context.getStateStore(StoreNames.SLO_INCIDENTS),
                context.getStateStore(StoreNames.SLA_REPORT_PROGRESS),
                sloSettings.hourRetention().toMillis()),
            new ForwardingSloOutput());
    if (watermark != NO_WATERMARK) {
      slos.restore(watermark);
      nextEvaluationAt = nextEvaluationAfter(watermark);
    }
    this.lastActivityWallMs = context.currentSystemTimeMs();
    long interval = sloSettings.evaluationInterval().toMillis();
    context.schedule(
        Duration.ofMillis(interval), PunctuationType.WALL_CLOCK_TIME, this::onWallClock);
  }

  /**
   * While the task receives nothing, event time follows the wall clock, so windows keep sliding: a
   * silent service's burn rates fall, its alerts resolve, and its no-data alert fires.
   */
  private void onWallClock(long wallNow) {
    long idleMs = wallNow - lastActivityWallMs;
    if (watermark == NO_WATERMARK || idleMs < sloSettings.evaluationInterval().toMillis()) {
      return;
    }
    lastActivityWallMs = wallNow;
    setWatermark(watermark + idleMs);
  }

  private long nextEvaluationAfter(long time) {
    long interval = sloSettings.evaluationInterval().toMillis();
    return floor(time, interval) + interval;
  }

  @Override
  public void process(Record<Object, Object> record) {
    Inbound<?> inbound = (Inbound<?>) record.value();
    long eventTime = record.timestamp();
    if (watermark != NO_WATERMARK && eventTime < watermark - graceMs) {
      rejectLate(record, inbound, eventTime);
      return;
    }
    if (inbound.value() instanceof RequestEvent event) {
      aggregate(event, eventTime);
    } else if (inbound.value() instanceof ResourceSample sample) {
      aggregate(sample, eventTime);
    } else {
      throw new IllegalStateException("unexpected input " + inbound.value().getClass());
    }
    advanceWatermark(eventTime);
  }

  private void aggregate(RequestEvent event, long eventTime) {
    boolean error = settings.errorClassifier().isError(event);
    slos.onRequest(event, error, eventTime);
    long bucketStart = floor(eventTime, bucketMs);
    add(keyCache.service(event.getService()), bucketStart, event, error);
    add(keyCache.operation(event.getService(), event.getOperation()), bucketStart, event, error);
  }

  /**
   * Adds one request to one base bucket; a new bucket joins the open-bucket index. Minute and hour
   * rollups are folded from base buckets when those close ({@link #closeBucket}).
   */
  private void add(SliKey key, long bucketStart, RequestEvent event, boolean error) {
    LiveWindowStore.Lookup<RequestBucket> lookup =
        buckets.getOrCreate(key, bucketStart, RequestBucket::new);
    lookup.value().add(event.getLatencyMicros(), error, event.getTraceId());
    if (lookup.created()) {
      addOpen(RollupLevel.BUCKET, key, bucketStart, bucketStart + bucketMs);
    }
  }

  private void addOpen(RollupLevel level, SliKey key, long windowStart, long windowEnd) {
    long closeAt = windowEnd + graceMs;
    openBuckets.add(new OpenBucket(closeAt, level, windowStart, key));
    nextCloseAt = Math.min(nextCloseAt, closeAt);
  }

  private void aggregate(ResourceSample sample, long eventTime) {
    slos.onSample(sample, eventTime);
    long bucketStart = floor(eventTime, bucketMs);
    for (InstanceKey key :
        new InstanceKey[] {
          InstanceKey.forService(sample.getService()),
          InstanceKey.forInstance(sample.getService(), sample.getInstance())
        }) {
      saturation.getOrCreate(key, bucketStart, SaturationBucket::new).value().add(sample);
    }
  }

  private void advanceWatermark(long eventTime) {
    lastActivityWallMs = context.currentSystemTimeMs();
    if (eventTime > watermark) {
      setWatermark(eventTime);
    }
  }

  private void setWatermark(long time) {
    watermark = time;
    if (watermark >= nextCloseAt) {
      // Stored before anything is published at this watermark: after a restart, every event for a
      // published bucket is still late, so a published bucket never changes. Between publications
      // the
      // stored watermark may trail; that only makes lateness briefly more lenient.
      watermarkStore.put(WATERMARK_KEY, watermark);
      publishClosedBuckets();
    }
    if (nextEvaluationAt == Long.MIN_VALUE) {
      nextEvaluationAt = nextEvaluationAfter(watermark);
    } else if (watermark >= nextEvaluationAt) {
      watermarkStore.put(WATERMARK_KEY, watermark);
      slos.evaluate(watermark);
      nextEvaluationAt = nextEvaluationAfter(watermark);
    }
  }

  /** Sends the SLO engine's results to their sinks. */
  private final class ForwardingSloOutput implements SloOutput {
    @Override
    public void burnRates(BurnRateEvaluation evaluation) {
      sloStatus.put(evaluation.getSloId(), evaluation);
      context.forward(
          new Record<Object, Object>(
              evaluation.getSloId(), evaluation, evaluation.getEvaluatedAt().toEpochMilli()),
          ProcessorNames.SLO_BURN_RATES_SINK);
    }

    @Override
    public void alert(SloAlert alert) {
      context.forward(
          new Record<Object, Object>(
              alert.getSloId(), alert, alert.getTransitionAt().toEpochMilli()),
          ProcessorNames.SLO_ALERTS_SINK);
    }

    @Override
    public void slaReport(SlaReport report) {
      context.forward(
          new Record<Object, Object>(
              report.slaId(), SlaReportRecords.toRecord(report), report.generatedAt()),
          ProcessorNames.SLA_REPORTS_SINK);
    }

    @Override
    public void removed(String sloId) {
      sloStatus.delete(sloId);
    }

    @Override
    public List<String> failedTraceIds(String service, long from, long to) {
      java.util.LinkedHashSet<String> ids = new java.util.LinkedHashSet<>();
      for (long start = floor(from, bucketMs); start < to && ids.size() < 10; start += bucketMs) {
        RequestBucket bucket = buckets.get(SliKey.forService(service), start);
        if (bucket != null) {
          ids.addAll(bucket.failedTraceIds());
        }
      }
      return ids.stream().limit(10).toList();
    }
  }

  /**
   * Publishes every bucket and minute due at the watermark. Base buckets are handled first in each
   * round: folding them into their minute completes that minute before it is published, and may
   * open a minute that is already due, which the next round publishes.
   */
  private void publishClosedBuckets() {
    List<OpenBucket> due = openBuckets.takeDue(watermark);
    while (!due.isEmpty()) {
      for (OpenBucket closed : due) {
        if (closed.level() == RollupLevel.BUCKET) {
          closeBucket(closed.key(), closed.bucketStart());
        }
      }
      for (OpenBucket closed : due) {
        if (closed.level() == RollupLevel.MINUTE) {
          RollupBucket minute = minutes.get(closed.key(), closed.bucketStart());
          if (minute != null) {
            publish(closed.key(), closed.bucketStart(), MINUTE_MS, minute.aggregate());
          }
        }
      }
      due = openBuckets.takeDue(watermark);
    }
    nextCloseAt = openBuckets.earliestCloseAt();
    long closedBefore = watermark - graceMs;
    buckets.evictWindowsBefore(floor(closedBefore, bucketMs) - bucketMs);
    minutes.evictWindowsBefore(floor(closedBefore, MINUTE_MS) - MINUTE_MS);
    hours.evictWindowsBefore(floor(closedBefore, HOUR_MS) - HOUR_MS);
    saturation.evictWindowsBefore(floor(closedBefore, bucketMs) - bucketMs);
  }

  /** Publishes a closed base bucket and folds it into its minute and hour rollups. */
  private void closeBucket(SliKey key, long bucketStart) {
    RequestBucket bucket = buckets.get(key, bucketStart);
    if (bucket == null) {
      return; // dropped by retention before it closed: nothing left to publish
    }
    publish(key, bucketStart, bucketMs, bucket);
    long bucketEnd = bucketStart + bucketMs;
    long minuteStart = floor(bucketStart, MINUTE_MS);
    LiveWindowStore.Lookup<RollupBucket> minute =
        minutes.getOrCreate(key, minuteStart, RollupBucket::new);
    minute.value().fold(bucket, bucketEnd);
    if (minute.created()) {
      addOpen(RollupLevel.MINUTE, key, minuteStart, minuteStart + MINUTE_MS);
    }
    hours
        .getOrCreate(key, floor(bucketStart, HOUR_MS), RollupBucket::new)
        .value()
        .fold(bucket, bucketEnd);
  }

  private void publish(SliKey key, long start, long size, RequestBucket aggregate) {
    OptionalDouble serviceSaturation =
        key.isServiceLevel()
            ? saturationOf(key.service(), start, start + size)
            : OptionalDouble.empty();
    SliSnapshot snapshot =
        SnapshotFactory.create(
            key.service(),
            key.isServiceLevel() ? null : key.operation(),
            start,
            start + size,
            aggregate,
            serviceSaturation);
    context.forward(
        new Record<Object, Object>(key.service(), snapshot, start + size),
        ProcessorNames.SLI_SNAPSHOTS_SINK);
  }

  /**
   * The most saturated instance's utilisation over [from, to), or empty without samples. The
   * service-level bucket keeps the maxima over all of the service's samples, which are the most
   * saturated instance's.
   */
  private OptionalDouble saturationOf(String service, long from, long to) {
    OptionalDouble max = OptionalDouble.empty();
    for (long start = from; start < to; start += bucketMs) {
      SaturationBucket bucket = saturation.get(InstanceKey.forService(service), start);
      if (bucket != null && !bucket.isEmpty()) {
        double value = bucket.saturation();
        max = OptionalDouble.of(max.isPresent() ? Math.max(max.getAsDouble(), value) : value);
      }
    }
    return max;
  }

  private void rejectLate(Record<Object, Object> record, Inbound<?> inbound, long eventTime) {
    RecordMetadata metadata = context.recordMetadata().orElse(null);
    String sourceTopic = metadata == null ? "" : metadata.topic();
    rejections.increment(sourceTopic, RejectionReason.LATE);
    Rejection rejection =
        Rejection.of(
            RejectionReason.LATE,
            "event time "
                + Instant.ofEpochMilli(eventTime)
                + " is more than the grace of "
                + settings.grace()
                + " behind the watermark "
                + Instant.ofEpochMilli(watermark));
    String sink =
        sourceTopic.equals(topics.resourceSamples())
            ? ProcessorNames.RESOURCE_SAMPLES_DLQ_SINK
            : ProcessorNames.REQUEST_EVENTS_DLQ_SINK;
    context.forward(
        DeadLetterRecords.of(
            inbound.rawKey(), inbound.rawValue(), record.headers(), eventTime, metadata, rejection),
        sink);
  }

  private static long floor(long time, long size) {
    return Math.floorDiv(time, size) * size;
  }
}
