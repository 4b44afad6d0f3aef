package io.slipstream.processor.topology;

import io.slipstream.avro.RequestEvent;
import io.slipstream.avro.ResourceSample;
import io.slipstream.avro.SliSnapshot;
import io.slipstream.contracts.Topics;
import io.slipstream.processor.aggregation.RequestBucket;
import io.slipstream.processor.aggregation.RollupBucket;
import io.slipstream.processor.aggregation.SaturationBucket;
import io.slipstream.processor.aggregation.SnapshotFactory;
import io.slipstream.processor.deadletter.DeadLetterRecords;
import io.slipstream.processor.key.InstanceKey;
import io.slipstream.processor.key.SliKey;
import io.slipstream.processor.metrics.RejectionCounts;
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
 * <p>Event time comes from the events. The task's watermark is the slowest of its inputs' progress
 * ({@link EventTimeProgress}). A bucket closes, and is published, when the watermark passes its end
 * plus the grace. An event updates only its base buckets; a closed base bucket is folded into its
 * minute and hour rollups ({@link RollupBucket}). Every valid request and sample is handed on to
 * the SLO stage ({@link SloAccounting}) as it is counted here, and so is every evaluation tick the
 * watermark passes: the SLO stage sees the events and ticks in the order they happen here.
 *
 * <p>An event whose base bucket has already closed is late, and still counts: in its SLOs' counts
 * and budget, and in the base bucket and rollups still kept, whose snapshots are published again
 * marked as revisions. Only an event older than the SLO period's retention behind the watermark is
 * dead-lettered as LATE.
 */
final class SliAggregator implements Processor<Object, Object, Object, Object> {
  private static final long NO_WATERMARK = EventTimeProgress.NONE;

  /**
   * Late events older than a store's retention minus this margin (or a quarter of the retention, if
   * less) are not written to that store: inputs running ahead of the watermark move a store's
   * retention forward.
   */
  private static final long STORE_MARGIN_MS = Duration.ofHours(6).toMillis();

  private static final long MINUTE_MS = SliSettings.MINUTE.toMillis();
  private static final long HOUR_MS = SliSettings.HOUR.toMillis();

  /** Distinct services and operations a task keeps canonical keys for (a few MB at most). */
  private static final int MAX_CACHED_KEYS = 50_000;

  private final SliSettings settings;
  private final SloSettings sloSettings;
  private final Topics topics;
  private final RejectionCounts rejections;
  private final InputLag inputLag;
  private final long maxLatenessMs;
  private final long bucketMs;
  private final long graceMs;
  private final long settleMs;
  private final SliKeyCache keyCache = new SliKeyCache(MAX_CACHED_KEYS);

  private ProcessorContext<Object, Object> context;
  private LiveWindowStore<SliKey, RequestBucket> buckets;
  private LiveWindowStore<SliKey, RollupBucket> minutes;
  private LiveWindowStore<SliKey, RollupBucket> hours;
  private LiveWindowStore<InstanceKey, SaturationBucket> saturation;
  private OpenBucketIndex openBuckets;
  private ServiceBuckets serviceBuckets;
  private EventTimeProgress progress;
  private long watermark;
  private long nextCloseAt;
  private long nextEvaluationAt = Long.MIN_VALUE;

  /**
   * The earliest event time seen before the first watermark: the first tick follows it, however far
   * the watermark has moved by the time it is first known (an input held it back).
   */
  private long firstEventTime = Long.MAX_VALUE;

  SliAggregator(
      SliSettings settings,
      SloSettings sloSettings,
      Topics topics,
      RejectionCounts rejections,
      InputLag inputLag) {
    this.settings = settings;
    this.sloSettings = sloSettings;
    this.topics = topics;
    this.rejections = rejections;
    this.inputLag = inputLag;
    this.maxLatenessMs = retainedFor(sloSettings.hourRetention());
    this.bucketMs = settings.bucketSize().toMillis();
    this.graceMs = settings.grace().toMillis();
    this.settleMs = sloSettings.settle().toMillis();
  }

  @Override
  public void init(ProcessorContext<Object, Object> context) {
    this.context = context;
    this.buckets = context.getStateStore(StoreNames.SLI_BUCKETS);
    this.minutes = context.getStateStore(StoreNames.SLI_MINUTE_ROLLUPS);
    this.hours = context.getStateStore(StoreNames.SLI_HOUR_ROLLUPS);
    this.saturation = context.getStateStore(StoreNames.SATURATION_BUCKETS);
    this.openBuckets = new OpenBucketIndex(context.getStateStore(StoreNames.OPEN_BUCKETS));
    this.serviceBuckets = new ServiceBuckets(buckets);
    for (OpenBucket open : openBuckets.all()) {
      if (open.level() == RollupLevel.BUCKET && !open.key().isServiceLevel()) {
        serviceBuckets.reopened(open.key(), open.bucketStart());
      }
    }
    KeyValueStore<Bytes, Long> progressStore = context.getStateStore(StoreNames.WATERMARK);
    this.progress =
        new EventTimeProgress(
            progressStore,
            List.of(topics.requestEvents().name(), topics.resourceSamples().name()),
            context.taskId().partition(),
            inputLag,
            settings.maxWatermarkHold().toMillis(),
            context.currentSystemTimeMs());
    this.watermark = progress.watermark();
    this.nextCloseAt = openBuckets.earliestCloseAt();
    long firstTick = EventTimeProgress.storedFirstTick(progressStore);
    if (watermark != NO_WATERMARK) {
      // The SLO stage restores its accounting at the same tick (SloAccounting#init). The watermark
      // may have been stored before the first tick was evaluated (a bucket closed first).
      nextEvaluationAt = Math.max(nextEvaluationAfter(watermark - settleMs), firstTick);
    } else if (firstTick != EventTimeProgress.NONE) {
      // Stopped before any tick was evaluated: the first one is still the first to evaluate.
      nextEvaluationAt = firstTick;
    }
    long interval = sloSettings.evaluationInterval().toMillis();
    context.schedule(
        Duration.ofMillis(interval), PunctuationType.WALL_CLOCK_TIME, this::onWallClock);
  }

  /**
   * While an input receives nothing and is caught up, its event time follows the wall clock, so
   * windows keep sliding: a silent service's burn rates fall, its alerts resolve, and its no-data
   * alert fires. An input with a backlog holds the watermark until its records arrive.
   */
  private void onWallClock(long wallNow) {
    long moved = progress.followWallClock(wallNow, sloSettings.evaluationInterval().toMillis());
    if (moved > watermark) {
      setWatermark(moved);
    }
  }

  private long nextEvaluationAfter(long time) {
    long interval = sloSettings.evaluationInterval().toMillis();
    return floor(time, interval) + interval;
  }

  @Override
  public void process(Record<Object, Object> record) {
    Inbound<?> inbound = (Inbound<?>) record.value();
    long eventTime = inbound.eventTime();
    RecordMetadata metadata = context.recordMetadata().orElse(null);
    String topic = metadata == null ? "" : metadata.topic();
    if (watermark != NO_WATERMARK && eventTime < watermark - maxLatenessMs) {
      rejectLate(record, inbound, eventTime, metadata);
      return;
    }
    boolean late = watermark != NO_WATERMARK && baseBucketClosed(eventTime);
    if (late) {
      rejections.late().record(topic, watermark - eventTime);
    }
    if (inbound.value() instanceof RequestEvent event) {
      if (late) {
        aggregateLate(event, eventTime);
      } else {
        aggregate(event, eventTime);
      }
    } else if (inbound.value() instanceof ResourceSample sample) {
      aggregate(sample, eventTime, late);
    } else {
      throw new IllegalStateException("unexpected input " + inbound.value().getClass());
    }
    if (nextEvaluationAt == Long.MIN_VALUE) {
      firstEventTime = Math.min(firstEventTime, eventTime);
    }
    long moved =
        progress.onRecord(
            topic,
            metadata == null ? 0 : metadata.partition(),
            eventTime,
            context.currentSystemTimeMs());
    if (moved > watermark) {
      setWatermark(moved);
    }
  }

  /** Whether the base bucket of {@code eventTime} has closed (and been published). */
  private boolean baseBucketClosed(long eventTime) {
    return floor(eventTime, bucketMs) + bucketMs + graceMs <= watermark;
  }

  /**
   * Counts a late request: in its SLOs, and in its base bucket and rollups where they are still
   * kept. A closed window it changes is published again as a revision, at once, so that the
   * revision belongs to the same transaction as the change.
   */
  private void aggregateLate(RequestEvent event, long eventTime) {
    boolean error = settings.errorClassifier().isError(event);
    toSlos(event.getService(), new SloInput.Request(event, error, eventTime), eventTime);
    long bucketStart = floor(eventTime, bucketMs);
    // The event as a bucket of its own, folded into the rollups like a closed base bucket.
    RequestBucket single = new RequestBucket();
    single.add(event.getLatencyMicros(), error, event.getTraceId());
    addLate(keyCache.service(event.getService()), bucketStart, event, error, single);
    addLate(
        keyCache.operation(event.getService(), event.getOperation()),
        bucketStart,
        event,
        error,
        single);
  }

  private void addLate(
      SliKey key, long bucketStart, RequestEvent event, boolean error, RequestBucket single) {
    long bucketEnd = bucketStart + bucketMs;
    if (keeps(bucketStart, settings.bucketRetention())) {
      RequestBucket bucket = buckets.getOrCreate(key, bucketStart, RequestBucket::new).value();
      bucket.add(event.getLatencyMicros(), error, event.getTraceId());
      publish(key, bucketStart, bucketMs, bucket, true);
    }
    long minuteStart = floor(bucketStart, MINUTE_MS);
    if (keeps(minuteStart, settings.minuteRetention())) {
      LiveWindowStore.Lookup<RollupBucket> minute =
          minutes.getOrCreate(key, minuteStart, RollupBucket::new);
      minute.value().fold(single, bucketEnd);
      boolean minuteClosed = minuteStart + MINUTE_MS + graceMs <= watermark;
      if (minuteClosed) {
        publish(key, minuteStart, MINUTE_MS, minute.value().aggregate(), true);
      } else if (minute.created()) {
        addOpen(RollupLevel.MINUTE, key, minuteStart, minuteStart + MINUTE_MS);
      }
    }
    long hourStart = floor(bucketStart, HOUR_MS);
    if (keeps(hourStart, settings.hourRetention())) {
      hours.getOrCreate(key, hourStart, RollupBucket::new).value().fold(single, bucketEnd);
    }
  }

  /** Whether a store with {@code retention} still keeps the window starting at {@code start}. */
  private boolean keeps(long start, Duration retention) {
    return start >= watermark - retainedFor(retention);
  }

  /** How far behind the watermark a store with {@code retention} is written to. */
  private static long retainedFor(Duration retention) {
    long ms = retention.toMillis();
    return ms - Math.min(STORE_MARGIN_MS, ms / 4);
  }

  private void aggregate(RequestEvent event, long eventTime) {
    boolean error = settings.errorClassifier().isError(event);
    toSlos(event.getService(), new SloInput.Request(event, error, eventTime), eventTime);
    add(keyCache.operation(event.getService(), event.getOperation()), event, eventTime, error);
  }

  /**
   * Adds one request to its operation's base bucket; a new bucket joins the open-bucket index. The
   * service's bucket is merged from its operations' ({@link ServiceBuckets}), and minute and hour
   * rollups are folded from base buckets when those close ({@link #closeBucket}).
   */
  private void add(SliKey operation, RequestEvent event, long eventTime, boolean error) {
    long bucketStart = floor(eventTime, bucketMs);
    LiveWindowStore.Lookup<RequestBucket> lookup =
        buckets.getOrCreate(operation, bucketStart, RequestBucket::new);
    lookup.value().add(event.getLatencyMicros(), error, event.getTraceId());
    if (lookup.created()) {
      long bucketEnd = bucketStart + bucketMs;
      addOpen(RollupLevel.BUCKET, operation, bucketStart, bucketEnd);
      if (serviceBuckets.opened(operation, bucketStart)) {
        addOpen(RollupLevel.BUCKET, keyCache.service(event.getService()), bucketStart, bucketEnd);
      }
    } else if (lookup.firstChange()) {
      serviceBuckets.changed(operation, bucketStart);
    }
  }

  private void addOpen(RollupLevel level, SliKey key, long windowStart, long windowEnd) {
    long closeAt = windowEnd + graceMs;
    openBuckets.add(new OpenBucket(closeAt, level, windowStart, key));
    nextCloseAt = Math.min(nextCloseAt, closeAt);
  }

  private void aggregate(ResourceSample sample, long eventTime, boolean late) {
    toSlos(sample.getService(), new SloInput.Sample(sample, eventTime), eventTime);
    long bucketStart = floor(eventTime, bucketMs);
    if (late && !keeps(bucketStart, settings.bucketRetention())) {
      return;
    }
    for (InstanceKey key :
        new InstanceKey[] {
          InstanceKey.forService(sample.getService()),
          InstanceKey.forInstance(sample.getService(), sample.getInstance())
        }) {
      saturation.getOrCreate(key, bucketStart, SaturationBucket::new).value().add(sample);
    }
  }

  private void setWatermark(long time) {
    watermark = time;
    if (watermark >= nextCloseAt) {
      // Stored before anything is published at this watermark: after a restart, an event for a
      // published bucket is still recognised as late, so its bucket is revised, not published
      // as new. Between publications the stored progress may trail; that only delays closing.
      progress.persist();
      publishClosedBuckets();
    }
    if (nextEvaluationAt == Long.MIN_VALUE) {
      nextEvaluationAt = nextEvaluationAfter(Math.min(firstEventTime, watermark));
      progress.persistFirstTick(nextEvaluationAt);
    }
    if (watermark - settleMs >= nextEvaluationAt) {
      progress.persist();
    }
    // Every tick the watermark passed is evaluated, so alerts and burn rates are a function of the
    // events alone, not of how far the watermark jumped at once.
    while (watermark - settleMs >= nextEvaluationAt) {
      toSlos(null, new SloInput.Tick(nextEvaluationAt), nextEvaluationAt);
      nextEvaluationAt += sloSettings.evaluationInterval().toMillis();
    }
  }

  private void toSlos(String service, SloInput input, long time) {
    context.forward(
        new Record<Object, Object>(service, input, stamp(time)), ProcessorNames.SLO_ACCOUNTING);
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
            publish(closed.key(), closed.bucketStart(), MINUTE_MS, minute.aggregate(), false);
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
    RequestBucket merged = key.isServiceLevel() ? serviceBuckets.close(key, bucketStart) : null;
    RequestBucket bucket = merged != null ? merged : buckets.get(key, bucketStart);
    if (bucket == null) {
      return; // dropped by retention before it closed: nothing left to publish
    }
    publish(key, bucketStart, bucketMs, bucket, false);
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

  /**
   * @param revision whether this window was published before and changed since (by late events)
   */
  private void publish(
      SliKey key, long start, long size, RequestBucket aggregate, boolean revision) {
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
    snapshot.setRevision(revision);
    context.forward(
        new Record<Object, Object>(key.service(), snapshot, stamp(start + size)),
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

  private void rejectLate(
      Record<Object, Object> record, Inbound<?> inbound, long eventTime, RecordMetadata metadata) {
    String sourceTopic = metadata == null ? "" : metadata.topic();
    rejections.increment(sourceTopic, RejectionReason.LATE);
    Rejection rejection =
        Rejection.of(
            RejectionReason.LATE,
            "event time "
                + Instant.ofEpochMilli(eventTime)
                + " is more than "
                + Duration.ofMillis(maxLatenessMs)
                + " (the SLO period retention less a margin) behind the watermark "
                + Instant.ofEpochMilli(watermark)
                + " ("
                + progress.describe()
                + ")");
    String sink =
        sourceTopic.equals(topics.resourceSamples().name())
            ? ProcessorNames.RESOURCE_SAMPLES_DLQ_SINK
            : ProcessorNames.REQUEST_EVENTS_DLQ_SINK;
    context.forward(
        DeadLetterRecords.of(
            inbound.rawKey(),
            inbound.rawValue(),
            record.headers(),
            record.timestamp(),
            metadata,
            rejection),
        sink);
  }

  /**
   * The timestamp of an output record about event time {@code time}: that time, unless it is ahead
   * of the wall clock (a replay of future-stamped events, accelerated time), which the broker may
   * refuse.
   */
  private long stamp(long time) {
    return Math.min(time, context.currentSystemTimeMs());
  }

  private static long floor(long time, long size) {
    return Math.floorDiv(time, size) * size;
  }
}
