package io.slipstream.processor.topology;

import static io.slipstream.processor.topology.TopologyFixture.event;
import static io.slipstream.processor.topology.TopologyFixture.sample;
import static org.assertj.core.api.Assertions.assertThat;

import io.slipstream.avro.RequestEvent;
import io.slipstream.avro.SliSnapshot;
import io.slipstream.contracts.DeadLetterHeaders;
import io.slipstream.processor.aggregation.RequestBucket;
import io.slipstream.processor.key.SliKey;
import io.slipstream.processor.store.LiveWindowStore;
import io.slipstream.processor.validation.RejectionReason;
import io.slipstream.processor.window.SliWindowReader;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.streams.state.WindowStoreIterator;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The production topology in a TopologyTestDriver, with serdes talking to the real schema registry.
 */
class SliTopologyTest {
  /** An instant on a whole hour, so buckets, minutes and hours line up with it. */
  static final long T0 = 1_700_002_800_000L;

  private TopologyFixture fixture;

  @BeforeEach
  void start() {
    fixture =
        new TopologyFixture(
            TopologyFixture.inMemoryRegistry(),
            TopologyFixture.uniquePrefix(),
            SliSettings.defaults(),
            Instant.ofEpochMilli(T0));
  }

  @AfterEach
  void stop() {
    fixture.close();
  }

  @Test
  void shouldPublishExactCountsPerServiceAndOperationWhenABucketCloses() {
    fixture.send(event("checkout", "GET /a", T0 + 1_000, 1_000, 200));
    fixture.send(event("checkout", "GET /a", T0 + 2_000, 2_000, 503));
    fixture.send(event("checkout", "GET /b", T0 + 3_000, 3_000, 404));
    fixture.send(event("checkout", "GET /a", T0 + 12_000, 4_000, 200));
    assertThat(fixture.sliSnapshots.isEmpty()).as("nothing closes before end + grace").isTrue();

    fixture.send(event("checkout", "GET /a", T0 + 75_000, 5_000, 200));

    Map<String, SliSnapshot> byOperation =
        snapshotsByOperation(fixture.sliSnapshots.readValuesToList());
    assertThat(byOperation).containsOnlyKeys("*", "GET /a", "GET /b");
    SliSnapshot service = byOperation.get("*");
    assertThat(service.getWindowStart()).isEqualTo(Instant.ofEpochMilli(T0));
    assertThat(service.getWindowEnd()).isEqualTo(Instant.ofEpochMilli(T0 + 10_000));
    assertThat(service.getRequestCount()).isEqualTo(3);
    assertThat(service.getErrorCount()).as("503 is an error, 404 is not").isEqualTo(1);
    assertThat(service.getErrorRatio()).isEqualTo(1.0 / 3);
    assertThat(service.getRequestsPerSecond()).isEqualTo(0.3);
    assertThat(service.getLatencyMinMicros()).isEqualTo(1_000);
    assertThat(service.getLatencyMaxMicros()).isEqualTo(3_000);
    assertThat(service.getLatencyP50Micros())
        .isCloseTo(2_000, org.assertj.core.data.Percentage.withPercentage(1));
    assertThat(byOperation.get("GET /a").getRequestCount()).isEqualTo(2);
    assertThat(byOperation.get("GET /a").getErrorCount()).isEqualTo(1);
    assertThat(byOperation.get("GET /b").getRequestCount()).isEqualTo(1);
    assertThat(byOperation.get("GET /b").getErrorCount()).isZero();
    assertThat(fixture.requestEventsDlq.isEmpty()).isTrue();
  }

  @Test
  void shouldPublishMinuteRollupsOnceTheMinuteCloses() {
    for (int second = 0; second < 60; second += 5) {
      fixture.send(
          event("checkout", "GET /a", T0 + second * 1_000L, 1_000, second == 30 ? 500 : 200));
    }
    fixture.send(event("checkout", "GET /a", T0 + 121_000, 1_000, 200));

    List<SliSnapshot> minuteSnapshots =
        fixture.sliSnapshots.readValuesToList().stream()
            .filter(
                s -> s.getWindowEnd().toEpochMilli() - s.getWindowStart().toEpochMilli() == 60_000)
            .toList();
    assertThat(minuteSnapshots).hasSize(2);
    assertThat(minuteSnapshots).allSatisfy(s -> assertThat(s.getRequestCount()).isEqualTo(12));
    assertThat(minuteSnapshots).allSatisfy(s -> assertThat(s.getErrorCount()).isEqualTo(1));
  }

  @Test
  void shouldDeadLetterUndecodableBytesWithProvenanceAndKeepGoing() {
    fixture.rawRequestEvents.pipeInput("checkout", new byte[] {1, 2, 3, 4, 5, 6}, T0 + 500);
    fixture.send(event("checkout", "GET /a", T0 + 1_000, 1_000, 200));
    fixture.send(event("checkout", "GET /a", T0 + 75_000, 1_000, 200));

    TestRecord<byte[], byte[]> dead = fixture.requestEventsDlq.readRecord();
    assertThat(dead.value()).containsExactly(1, 2, 3, 4, 5, 6);
    assertThat(new String(dead.key(), StandardCharsets.UTF_8)).isEqualTo("checkout");
    assertThat(header(dead.headers(), DeadLetterHeaders.REASON)).isEqualTo("WRONG_MAGIC_BYTE");
    assertThat(header(dead.headers(), DeadLetterHeaders.SOURCE_TOPIC))
        .isEqualTo(fixture.topics.requestEvents().name());
    assertThat(header(dead.headers(), DeadLetterHeaders.SOURCE_PARTITION)).isEqualTo("0");
    assertThat(header(dead.headers(), DeadLetterHeaders.SOURCE_OFFSET)).isEqualTo("0");
    assertThat(header(dead.headers(), DeadLetterHeaders.SOURCE_TIMESTAMP))
        .isEqualTo(Long.toString(T0 + 500));
    assertThat(header(dead.headers(), DeadLetterHeaders.EXCEPTION_CLASS))
        .endsWith("WireFormatException");
    assertThat(fixture.requestEventsDlq.isEmpty()).isTrue();
    assertThat(
            fixture.rejections.count(
                fixture.topics.requestEvents().name(), RejectionReason.WRONG_MAGIC_BYTE))
        .isEqualTo(1);
    assertThat(
            snapshotsByOperation(fixture.sliSnapshots.readValuesToList())
                .get("*")
                .getRequestCount())
        .isEqualTo(1);
  }

  @Test
  void shouldDeadLetterInvalidEventsWithTheirReason() {
    RequestEvent valid = event("checkout", "GET /a", T0 + 1_000, 1_000, 200);
    Map<RejectionReason, RequestEvent> invalid = new HashMap<>();
    invalid.put(
        RejectionReason.NEGATIVE_LATENCY,
        RequestEvent.newBuilder(valid).setLatencyMicros(-1).build());
    invalid.put(
        RejectionReason.MISSING_SERVICE, RequestEvent.newBuilder(valid).setService(" ").build());
    invalid.put(
        RejectionReason.MISSING_OPERATION, RequestEvent.newBuilder(valid).setOperation("").build());
    invalid.put(
        RejectionReason.INVALID_STATUS_CODE,
        RequestEvent.newBuilder(valid).setStatusCode(700).build());
    invalid.put(
        RejectionReason.TIMESTAMP_IN_FUTURE,
        RequestEvent.newBuilder(valid).setTimestamp(Instant.ofEpochMilli(T0 + 3_600_000)).build());
    invalid.put(
        RejectionReason.TIMESTAMP_BEYOND_RETENTION,
        RequestEvent.newBuilder(valid)
            .setTimestamp(Instant.ofEpochMilli(T0 - 3 * 86_400_000L))
            .build());
    Map<String, String> manyAttributes = new HashMap<>();
    for (int i = 0; i < 40; i++) {
      manyAttributes.put("k" + i, "v");
    }
    invalid.put(
        RejectionReason.ATTRIBUTES_TOO_LARGE,
        RequestEvent.newBuilder(valid).setAttributes(manyAttributes).build());

    invalid.values().forEach(e -> fixture.requestEvents.pipeInput("checkout", e));
    fixture.send(valid);

    Map<String, String> reasons =
        fixture.requestEventsDlq.readRecordsToList().stream()
            .collect(
                Collectors.toMap(
                    r -> header(r.headers(), DeadLetterHeaders.REASON),
                    r -> header(r.headers(), DeadLetterHeaders.DETAIL)));
    assertThat(reasons.keySet())
        .containsExactlyInAnyOrderElementsOf(invalid.keySet().stream().map(Enum::name).toList());
    assertThat(reasons.get("NEGATIVE_LATENCY")).contains("latencyMicros is -1");
    assertThat(reasons.get("ATTRIBUTES_TOO_LARGE")).contains("40 entries");
    assertThat(committedHourCount("checkout")).isEqualTo(1);
  }

  @Test
  void shouldCountLateEventsAndPublishTheBucketsTheyChangeAsRevisions() {
    fixture.send(event("checkout", "GET /a", T0 + 100_000, 1_000, 200));
    fixture.send(event("checkout", "GET /a", T0 + 50_000, 1_000, 503)); // within the grace
    fixture.send(event("checkout", "GET /a", T0 + 30_000, 1_000, 200)); // its bucket has closed

    assertThat(fixture.requestEventsDlq.readRecordsToList()).isEmpty();
    assertThat(fixture.rejections.late().count(fixture.topics.requestEvents().name())).isEqualTo(1);
    SliSnapshot revised = serviceSnapshot(fixture.sliSnapshots.readValuesToList(), T0 + 30_000);
    assertThat(revised.getRevision()).isTrue();
    assertThat(revised.getRequestCount()).isEqualTo(1);

    fixture.send(event("checkout", "GET /a", T0 + 125_000, 1_000, 200));
    List<SliSnapshot> published = fixture.sliSnapshots.readValuesToList();
    SliSnapshot bucket = serviceSnapshot(published, T0 + 50_000);
    assertThat(bucket.getRevision()).isFalse();
    assertThat(bucket.getRequestCount()).isEqualTo(1);
    assertThat(bucket.getErrorCount()).isEqualTo(1);
    SliSnapshot minute =
        published.stream()
            .filter(
                snapshot ->
                    snapshot.getOperation() == null
                        && snapshot.getWindowStart().toEpochMilli() == T0
                        && snapshot.getWindowEnd().toEpochMilli() == T0 + 60_000)
            .findFirst()
            .orElseThrow();
    assertThat(minute.getRequestCount()).as("the minute holds the late event").isEqualTo(2);
    assertThat(committedHourCount("checkout")).isEqualTo(4);
  }

  @Test
  void shouldDeadLetterOnlyEventsOlderThanTheRetentionBehindTheWatermark() {
    try (TopologyFixture replay =
        TopologyFixture.replaying(
            TopologyFixture.inMemoryRegistry(),
            TopologyFixture.uniquePrefix() + "old-",
            Instant.ofEpochMilli(T0),
            java.time.Duration.ofDays(400))) {
      long now = T0 + java.time.Duration.ofDays(40).toMillis();
      replay.send(event("checkout", "GET /a", now, 1_000, 200));
      replay.send(
          event("checkout", "GET /a", now - java.time.Duration.ofDays(3).toMillis(), 1, 200));
      replay.send(event("checkout", "GET /a", T0, 1_000, 200));

      List<TestRecord<byte[], byte[]>> dead = replay.requestEventsDlq.readRecordsToList();
      assertThat(dead).hasSize(1);
      assertThat(header(dead.get(0).headers(), DeadLetterHeaders.REASON)).isEqualTo("LATE");
      assertThat(header(dead.get(0).headers(), DeadLetterHeaders.DETAIL))
          .contains("behind the watermark");
      assertThat(replay.rejections.late().count(replay.topics.requestEvents().name())).isEqualTo(1);
    }
  }

  private static SliSnapshot serviceSnapshot(List<SliSnapshot> snapshots, long bucketStart) {
    return snapshots.stream()
        .filter(
            snapshot ->
                snapshot.getOperation() == null
                    && snapshot.getWindowStart().toEpochMilli() == bucketStart
                    && snapshot.getWindowEnd().toEpochMilli() - bucketStart == 10_000)
        .findFirst()
        .orElseThrow();
  }

  @Test
  void shouldReportTheMostSaturatedInstanceAsTheServiceSaturation() {
    fixture.send(sample("checkout", "pod-a", T0 + 1_000, 0.3, 0.5));
    fixture.send(sample("checkout", "pod-b", T0 + 2_000, 0.9, 0.2));
    fixture.send(event("checkout", "GET /a", T0 + 3_000, 1_000, 200));
    fixture.send(event("checkout", "GET /a", T0 + 75_000, 1_000, 200));
    // The watermark is the slower input's progress: the samples must pass the bucket's close too.
    fixture.send(sample("checkout", "pod-a", T0 + 75_000, 0.1, 0.1));

    Map<String, SliSnapshot> byOperation =
        snapshotsByOperation(fixture.sliSnapshots.readValuesToList());
    assertThat(byOperation.get("*").getSaturation()).isEqualTo(0.9);
    assertThat(byOperation.get("GET /a").getSaturation()).isNull();
  }

  @Test
  void shouldDeadLetterInvalidResourceSamples() {
    fixture.send(sample("checkout", "pod-a", T0 + 1_000, 1.5, 0.5));

    TestRecord<byte[], byte[]> dead = fixture.resourceSamplesDlq.readRecord();
    assertThat(header(dead.headers(), DeadLetterHeaders.REASON)).isEqualTo("INVALID_UTILIZATION");
    assertThat(header(dead.headers(), DeadLetterHeaders.DETAIL)).contains("cpuUtilization is 1.5");
  }

  @Test
  void shouldKeepCommittedBucketsInTheWindowStores() {
    for (int i = 0; i < 100; i++) {
      fixture.send(event("checkout", "GET /a", T0 + i * 1_000L, 1_000 + i, i % 4 == 0 ? 500 : 200));
    }

    assertThat(committedHourCount("checkout")).isEqualTo(100);
    LiveWindowStore<SliKey, RequestBucket> buckets = fixture.store(StoreNames.SLI_BUCKETS);
    long total = 0;
    long errors = 0;
    try (WindowStoreIterator<RequestBucket> it =
        buckets.fetchCommitted(SliKey.forOperation("checkout", "GET /a"), T0, T0 + 100_000)) {
      while (it.hasNext()) {
        RequestBucket bucket = it.next().value;
        total += bucket.count();
        errors += bucket.errorCount();
      }
    }
    assertThat(total).isEqualTo(100);
    assertThat(errors).isEqualTo(25);
  }

  @Test
  void shouldCommitAndPublishAServicesBucketMergedFromAllItsOperations() {
    fixture.send(event("checkout", "GET /a", T0 + 1_000, 1_000, 200));
    fixture.send(event("checkout", "POST /b", T0 + 2_000, 9_000, 503));
    fixture.send(event("checkout", "GET /a", T0 + 3_000, 2_000, 200));
    fixture.send(event("checkout", "GET /c", T0 + 4_000, 3_000, 200));

    LiveWindowStore<SliKey, RequestBucket> buckets = fixture.store(StoreNames.SLI_BUCKETS);
    try (WindowStoreIterator<RequestBucket> open =
        buckets.fetchCommitted(SliKey.forService("checkout"), T0, T0)) {
      RequestBucket committed = open.next().value;
      assertThat(committed.count()).as("the open bucket as committed").isEqualTo(4);
      assertThat(committed.maxLatencyMicros()).isEqualTo(9_000);
    }
    fixture.send(event("checkout", "GET /a", T0 + 120_000, 1_000, 200)); // closes the bucket

    SliSnapshot service =
        fixture.sliSnapshots.readValuesToList().stream()
            .filter(s -> s.getOperation() == null && s.getWindowStart().toEpochMilli() == T0)
            .findFirst()
            .orElseThrow();
    assertThat(service.getRequestCount()).isEqualTo(4);
    assertThat(service.getErrorCount()).isEqualTo(1);
  }

  @Test
  void shouldAnswerAnyWindowByMergingBucketsAndRollups() {
    fixture.driver.advanceWallClockTime(java.time.Duration.ofHours(3));
    List<long[]> sent = new java.util.ArrayList<>();
    for (long t = T0; t < T0 + 7_500_000; t += 7_000) {
      int status = (t / 7_000) % 9 == 0 ? 500 : 200;
      long latency = 1_000 + (t / 7_000) % 997;
      fixture.send(event("checkout", "GET /a", t, latency, status));
      sent.add(new long[] {t, status >= 500 ? 1 : 0, latency});
    }
    SliWindowReader reader = reader();
    long[][] windows = {
      {T0, T0 + 300_000},
      {T0 + 3_600_000, T0 + 7_200_000},
      {T0 + 70_000, T0 + 3_680_000},
      {T0 + 10_000, T0 + 20_000},
      // the last minute and a half are not folded into their rollups yet
      {T0 + 3_600_000, T0 + 7_500_000},
      {T0, T0 + 10_800_000}
    };
    for (long[] window : windows) {
      RequestBucket merged = reader.read(SliKey.forService("checkout"), window[0], window[1]);
      List<long[]> inside =
          sent.stream().filter(e -> e[0] >= window[0] && e[0] < window[1]).toList();
      assertThat(merged.count())
          .as("requests in [%s, %s)", window[0], window[1])
          .isEqualTo(inside.size());
      assertThat(merged.errorCount()).isEqualTo(inside.stream().mapToLong(e -> e[1]).sum());
      assertThat(merged.maxLatencyMicros())
          .isEqualTo(inside.stream().mapToLong(e -> e[2]).max().orElseThrow());
    }
  }

  private SliWindowReader reader() {
    return new SliWindowReader(
        fixture.store(StoreNames.SLI_BUCKETS),
        fixture.store(StoreNames.SLI_MINUTE_ROLLUPS),
        fixture.store(StoreNames.SLI_HOUR_ROLLUPS),
        10_000);
  }

  /** Requests of {@code service} committed in the hour starting at T0. */
  private long committedHourCount(String service) {
    return reader().read(SliKey.forService(service), T0, T0 + 3_600_000).count();
  }

  private static Map<String, SliSnapshot> snapshotsByOperation(List<SliSnapshot> snapshots) {
    return snapshots.stream()
        .filter(s -> s.getWindowEnd().toEpochMilli() - s.getWindowStart().toEpochMilli() == 10_000)
        .filter(s -> s.getWindowStart().toEpochMilli() == T0)
        .collect(
            Collectors.toMap(
                s -> s.getOperation() == null ? "*" : s.getOperation(), Function.identity()));
  }

  private static String header(Headers headers, String name) {
    Header header = headers.lastHeader(name);
    return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
  }
}
