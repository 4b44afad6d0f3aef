package io.slipstream.processor.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.slipstream.avro.BurnRateEvaluation;
import io.slipstream.avro.Outcome;
import io.slipstream.avro.RequestEvent;
import io.slipstream.avro.ResourceSample;
import io.slipstream.avro.Severity;
import io.slipstream.localstack.LocalStack;
import io.slipstream.localstack.LocalStackExtension;
import io.slipstream.localstack.TestResources;
import io.slipstream.processor.topology.PageRuleOracle;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A month of events stamped five months ago, replayed through the real broker into a fresh
 * application id, whole topic by whole topic (every request event before any resource sample), each
 * record carrying its event time as its timestamp. Halfway through, the processor is killed and its
 * state directory deleted, so the next instance rebuilds everything from the changelogs. The
 * budgets, burn rates and page transitions must be those the same events would have produced live,
 * by the brute-force oracles; nothing may be dead-lettered; and every changelog record must be
 * stamped by the broker on append, so that a store's changelog is not deleted by its retention
 * because of the events' old times.
 */
@Tag("integration")
@ExtendWith(LocalStackExtension.class)
class HistoryReplayIT {
  private static final long MINUTE = 60_000;
  private static final long HOUR = 60 * MINUTE;
  private static final long DAY = 24 * HOUR;
  private static final int DAYS = 30;
  private static final long REQUEST_INTERVAL = 20_000;
  private static final long EVALUATION_INTERVAL = 10_000;
  private static final Duration PERIOD = Duration.ofDays(30);

  /** The page-rule SLO over a rolling 30 days. */
  private static final String SLO = PageRuleOracle.SLO.replace("- duration: 1d", "- duration: 30d");

  @Test
  void shouldComputeWhatLiveProcessingWouldHaveForAMonthReplayedFromMonthsAgo(
      LocalStack stack, TestResources resources) throws Exception {
    assertThat(SLO).contains("duration: 30d");
    long wallStart = System.currentTimeMillis();
    long start = Math.floorDiv(wallStart - 150 * DAY, DAY) * DAY;
    long end = start + DAYS * DAY;
    List<RequestEvent> events = month(start, 17);
    List<ResourceSample> samples = samples(start, end);
    FaultPipeline pipeline =
        new FaultPipeline(stack.bootstrapServers(), stack.schemaRegistryUrl(), resources);
    pipeline.createWithSlo(SLO);
    pipeline.produceStamped(events);
    pipeline.produceSamplesStamped(samples);
    Path logs = Path.of("target", "reliability", resources.suffix());

    Path firstState = Files.createTempDirectory("slipstream-replay-it");
    ProcessorJvm first = ProcessorJvm.start("replay-0", pipeline.replaySettings(firstState), logs);
    try {
      await("half the month processed")
          .atMost(Duration.ofMinutes(4))
          .pollInterval(Duration.ofMillis(250))
          .ignoreExceptions()
          .until(() -> pipeline.lag() < events.size() / 2);
    } finally {
      first.kill();
    }
    // The next instance has no local state: it restores every store from its changelog.
    Path secondState = Files.createTempDirectory("slipstream-replay-it");
    ProcessorJvm second =
        ProcessorJvm.start("replay-1", pipeline.replaySettings(secondState), logs);
    try {
      pipeline.awaitBothInputsCaughtUp(Duration.ofMinutes(6));
    } finally {
      second.close();
    }
    PublishedOutputs published = pipeline.publishedAlerting();
    assertThat(published.deadLetters()).as("dead-lettered records").isZero();
    assertLiveResults(events, published);
    assertStampedOnAppend(stack.bootstrapServers(), pipeline.applicationId(), wallStart);
  }

  /**
   * The oracles' evaluations and page transitions, up to the last event; a month of incidents
   * spends part of the budget, and pages many times.
   */
  private static void assertLiveResults(List<RequestEvent> events, PublishedOutputs published) {
    long last = events.get(events.size() - 1).getTimestamp().toEpochMilli();
    List<BurnRateEvaluation> evaluations =
        OracleVerdict.assertEvaluationsAndPages(events, published, last, PERIOD.toMillis());
    assertThat(evaluations.get(evaluations.size() - 1).getErrorBudgetRemaining())
        .as("a month of incidents spends part of the budget, not all of it")
        .isBetween(0.05, 0.95);
    assertThat(published.alerts().stream().filter(a -> a.getSeverity() == Severity.PAGE))
        .as("the month pages and resolves")
        .hasSizeGreaterThan(20);
  }

  /** Every record of the application's changelogs carries the broker's time of append. */
  private static void assertStampedOnAppend(
      String bootstrapServers, String applicationId, long wallStart) throws Exception {
    Set<String> changelogs;
    try (Admin admin =
        Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
      changelogs =
          admin.listTopics().names().get(10, TimeUnit.SECONDS).stream()
              .filter(t -> t.startsWith(applicationId + "-") && t.endsWith("-changelog"))
              .collect(java.util.stream.Collectors.toSet());
    }
    assertThat(changelogs).as("changelog topics").hasSizeGreaterThan(5);
    Properties props = new Properties();
    props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    long records = 0;
    try (KafkaConsumer<byte[], byte[]> consumer =
        new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      List<TopicPartition> partitions = new ArrayList<>();
      for (String topic : changelogs) {
        consumer
            .partitionsFor(topic)
            .forEach(p -> partitions.add(new TopicPartition(topic, p.partition())));
      }
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
      long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
      while (partitions.stream().anyMatch(p -> consumer.position(p) < ends.get(p))) {
        assertThat(System.nanoTime()).as("changelogs read within a minute").isLessThan(deadline);
        for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
          records++;
          if (record.timestampType() != TimestampType.LOG_APPEND_TIME
              || record.timestamp() < wallStart) {
            throw new AssertionError(
                record.topic()
                    + " record at offset "
                    + record.offset()
                    + " stamped "
                    + record.timestampType()
                    + " "
                    + Instant.ofEpochMilli(record.timestamp())
                    + ", before the replay began at "
                    + Instant.ofEpochMilli(wallStart));
          }
        }
      }
    }
    assertThat(records).as("changelog records").isPositive();
  }

  /**
   * Checkout answers every 20 s for 30 days, failing 0.2 % of the time, and 40 % of the time in one
   * incident a day, of 4 to 20 minutes, at an hour that moves from day to day.
   */
  private static List<RequestEvent> month(long start, long seed) {
    Random random = new Random(seed);
    List<RequestEvent> events = new ArrayList<>();
    for (long t = start; t < start + DAYS * DAY; t += REQUEST_INTERVAL) {
      long day = (t - start) / DAY;
      long incident = start + day * DAY + ((3 + 5 * day) % 24) * HOUR;
      boolean inIncident = t >= incident && t < incident + (4 + (day % 5) * 4) * MINUTE;
      boolean error = random.nextDouble() < (inIncident ? 0.4 : 0.002);
      events.add(
          RequestEvent.newBuilder()
              .setService("checkout")
              .setOperation("POST /orders")
              .setTimestamp(Instant.ofEpochMilli(t))
              .setLatencyMicros(1_000 + random.nextInt(200_000))
              .setStatusCode(error ? 503 : 200)
              .setOutcome(error ? Outcome.ERROR : Outcome.SUCCESS)
              .build());
    }
    return events;
  }

  /** A resource sample of checkout every minute, from {@code from} through {@code to}. */
  private static List<ResourceSample> samples(long from, long to) {
    List<ResourceSample> samples = new ArrayList<>();
    for (long t = from; t <= to; t += MINUTE) {
      samples.add(
          ResourceSample.newBuilder()
              .setService("checkout")
              .setInstance("checkout-1")
              .setTimestamp(Instant.ofEpochMilli(t))
              .setCpuUtilization(0.4)
              .setMemoryUtilization(0.5)
              .build());
    }
    return samples;
  }
}
