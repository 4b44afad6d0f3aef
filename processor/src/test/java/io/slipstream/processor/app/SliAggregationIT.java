package io.slipstream.processor.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.slipstream.avro.Outcome;
import io.slipstream.avro.RequestEvent;
import io.slipstream.avro.SliSnapshot;
import io.slipstream.contracts.DeadLetterHeaders;
import io.slipstream.contracts.Topics;
import io.slipstream.localstack.LocalStack;
import io.slipstream.localstack.LocalStackExtension;
import io.slipstream.localstack.TestResources;
import io.slipstream.processor.topology.SliSettings;
import io.slipstream.serde.AvroDeserializer;
import io.slipstream.serde.AvroSerializer;
import io.slipstream.serde.SchemaRegistrySettings;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The processor on the real broker and registry, exactly-once on: exact counts in the published
 * snapshots, bad records dead-lettered, and the same counts after the instance is replaced by one
 * that starts from an empty state directory and restores from the changelogs.
 */
@Tag("integration")
@ExtendWith(LocalStackExtension.class)
class SliAggregationIT {
  private static final Duration LIMIT = Duration.ofSeconds(90);
  private static final List<String> SERVICES = List.of("checkout", "search", "payments");
  private static final List<String> OPERATIONS = List.of("GET /a", "POST /b");

  @Test
  void shouldPublishExactCountsAcrossARestartWithExactlyOnce(
      LocalStack stack, TestResources resources) throws Exception {
    String prefix = resources.suffix() + "-";
    Topics topics = Topics.withPrefix(prefix);
    for (String topic : List.of(topics.requestEvents().name(), topics.resourceSamples().name())) {
      resources.createTopic(topic, 2);
    }
    for (String topic :
        List.of(
            topics.requestEventsDlq().name(),
            topics.resourceSamplesDlq().name(),
            topics.sliSnapshots().name())) {
      resources.createTopic(topic, 1);
    }
    long base = Math.floorDiv(System.currentTimeMillis(), 60_000L) * 60_000L - 10 * 60_000L;
    Map<String, long[]> expected = new HashMap<>();
    List<RequestEvent> firstHalf = new ArrayList<>();
    List<RequestEvent> secondHalf = new ArrayList<>();
    int i = 0;
    for (long t = base; t < base + 120_000; t += 500) {
      String service = SERVICES.get(i % SERVICES.size());
      String operation = OPERATIONS.get((i / 3) % OPERATIONS.size());
      boolean error = i % 7 == 0;
      RequestEvent event = event(service, operation, t, 1_000 + (i % 50) * 100, error ? 503 : 200);
      (t < base + 60_000 ? firstHalf : secondHalf).add(event);
      long[] counts = expected.computeIfAbsent(service + "|" + operation, k -> new long[2]);
      counts[0]++;
      counts[1] += error ? 1 : 0;
      i++;
    }

    Map<String, String> settings = new HashMap<>();
    settings.put("bootstrap.servers", stack.bootstrapServers());
    settings.put("application.id", resources.applicationId("slipstream"));
    settings.put(ProcessorConfig.SCHEMA_REGISTRY_URL, stack.schemaRegistryUrl());
    settings.put(ProcessorConfig.TOPIC_PREFIX, prefix);
    settings.put("num.stream.threads", "1");
    settings.put("commit.interval.ms", "200");

    settings.put("state.dir", Files.createTempDirectory("slipstream-it-a").toString());
    try (SlipstreamProcessor first =
        new SlipstreamProcessor(ProcessorConfig.of(settings), SliSettings.defaults())) {
      first.start();
      produce(stack, topics.requestEvents().name(), firstHalf);
      produceRaw(stack, topics.requestEvents().name(), "checkout", new byte[] {9, 9, 9});
      awaitCommitted(stack, resources, first, topics);
    }

    // A replacement with an empty state directory must restore the open buckets from the
    // changelogs.
    settings.put("state.dir", Files.createTempDirectory("slipstream-it-b").toString());
    try (SlipstreamProcessor second =
        new SlipstreamProcessor(ProcessorConfig.of(settings), SliSettings.defaults())) {
      second.start();
      produce(stack, topics.requestEvents().name(), secondHalf);
      List<RequestEvent> closers = new ArrayList<>();
      for (String service : SERVICES) {
        closers.add(event(service, "GET /a", base + 240_000, 1_000, 200));
      }
      produce(stack, topics.requestEvents().name(), closers);

      Map<String, long[]> published = new HashMap<>();
      readSnapshots(stack, resources, topics, base, published);
      assertThat(published.keySet()).containsExactlyInAnyOrderElementsOf(expected.keySet());
      expected.forEach(
          (key, counts) -> {
            assertThat(published.get(key)[0]).as("requests of %s", key).isEqualTo(counts[0]);
            assertThat(published.get(key)[1]).as("errors of %s", key).isEqualTo(counts[1]);
          });
    }

    List<ConsumerRecord<byte[], byte[]>> dead =
        readRaw(stack, resources, topics.requestEventsDlq().name(), 1);
    assertThat(dead).hasSize(1);
    assertThat(
            new String(
                dead.get(0).headers().lastHeader(DeadLetterHeaders.REASON).value(),
                StandardCharsets.UTF_8))
        .isEqualTo("WRONG_MAGIC_BYTE");
  }

  private static void awaitCommitted(
      LocalStack stack, TestResources resources, SlipstreamProcessor processor, Topics topics) {
    await("the first instance has committed everything it was sent")
        .atMost(LIMIT)
        .pollInterval(Duration.ofMillis(200))
        .until(
            () ->
                processor.streams().state() == KafkaStreams.State.RUNNING
                    && ConsumerLag.of(
                            stack.bootstrapServers(),
                            resources.applicationId("slipstream"),
                            topics.requestEvents().name())
                        == 0);
  }

  /** Sums the published 10 s snapshots of the first two minutes per (service, operation). */
  private static void readSnapshots(
      LocalStack stack,
      TestResources resources,
      Topics topics,
      long base,
      Map<String, long[]> published) {
    AvroDeserializer<SliSnapshot> deserializer = new AvroDeserializer<>(SliSnapshot.class);
    deserializer.configure(Map.of(SchemaRegistrySettings.URL, stack.schemaRegistryUrl()), false);
    Properties props = consumerProps(stack, resources.applicationId("snapshot-reader"));
    int expectedBuckets = SERVICES.size() * OPERATIONS.size() * 12;
    List<SliSnapshot> buckets = new ArrayList<>();
    try (KafkaConsumer<String, SliSnapshot> consumer =
        new KafkaConsumer<>(props, new StringDeserializer(), deserializer)) {
      consumer.subscribe(List.of(topics.sliSnapshots().name()));
      await("every 10 s bucket of every operation is published")
          .atMost(LIMIT)
          .until(
              () -> {
                for (ConsumerRecord<String, SliSnapshot> record :
                    consumer.poll(Duration.ofMillis(200))) {
                  SliSnapshot s = record.value();
                  long start = s.getWindowStart().toEpochMilli();
                  boolean tenSeconds = s.getWindowEnd().toEpochMilli() - start == 10_000;
                  if (tenSeconds && s.getOperation() != null && start < base + 120_000) {
                    buckets.add(s);
                  }
                }
                return buckets.size() >= expectedBuckets;
              });
    }
    assertThat(buckets).as("no bucket published twice").hasSize(expectedBuckets);
    for (SliSnapshot s : buckets) {
      long[] sums =
          published.computeIfAbsent(s.getService() + "|" + s.getOperation(), k -> new long[2]);
      sums[0] += s.getRequestCount();
      sums[1] += s.getErrorCount();
    }
  }

  private static List<ConsumerRecord<byte[], byte[]>> readRaw(
      LocalStack stack, TestResources resources, String topic, int expected) {
    List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
    try (KafkaConsumer<byte[], byte[]> consumer =
        new KafkaConsumer<>(
            consumerProps(stack, resources.applicationId("raw-reader")),
            new ByteArrayDeserializer(),
            new ByteArrayDeserializer())) {
      consumer.subscribe(List.of(topic));
      await("dead letters arrive")
          .atMost(LIMIT)
          .until(
              () -> {
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
                return records.size() >= expected;
              });
    }
    return records;
  }

  private static Properties consumerProps(LocalStack stack, String group) {
    Properties props = new Properties();
    props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers());
    props.put(ConsumerConfig.GROUP_ID_CONFIG, group);
    props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    return props;
  }

  private static void produce(LocalStack stack, String topic, List<RequestEvent> events) {
    AvroSerializer<RequestEvent> serializer = new AvroSerializer<>();
    serializer.configure(Map.of(SchemaRegistrySettings.URL, stack.schemaRegistryUrl()), false);
    try (KafkaProducer<String, RequestEvent> producer =
        new KafkaProducer<>(producerProps(stack), new StringSerializer(), serializer)) {
      for (RequestEvent event : events) {
        producer.send(new ProducerRecord<>(topic, event.getService(), event));
      }
      producer.flush();
    }
  }

  private static void produceRaw(LocalStack stack, String topic, String key, byte[] value) {
    try (KafkaProducer<byte[], byte[]> producer =
        new KafkaProducer<>(
            producerProps(stack), new ByteArraySerializer(), new ByteArraySerializer())) {
      producer.send(new ProducerRecord<>(topic, key.getBytes(StandardCharsets.UTF_8), value));
      producer.flush();
    }
  }

  private static Properties producerProps(LocalStack stack) {
    Properties props = new Properties();
    props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers());
    props.put(ProducerConfig.ACKS_CONFIG, "all");
    return props;
  }

  private static RequestEvent event(
      String service, String operation, long t, long latency, int status) {
    return RequestEvent.newBuilder()
        .setService(service)
        .setOperation(operation)
        .setTimestamp(Instant.ofEpochMilli(t))
        .setLatencyMicros(latency)
        .setStatusCode(status)
        .setOutcome(status >= 500 ? Outcome.ERROR : Outcome.SUCCESS)
        .build();
  }
}
