package io.slipstream.processor.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.slipstream.avro.RequestEvent;
import io.slipstream.avro.ResourceSample;
import io.slipstream.avro.SliSnapshot;
import io.slipstream.contracts.DeadLetterHeaders;
import io.slipstream.contracts.Topics;
import io.slipstream.localstack.LocalStack;
import io.slipstream.localstack.LocalStackExtension;
import io.slipstream.localstack.TestResources;
import io.slipstream.processor.app.ProcessorConfig;
import io.slipstream.processor.app.SlipstreamProcessor;
import io.slipstream.processor.reliability.BadInputs.BadInput;
import io.slipstream.processor.topology.SliSettings;
import io.slipstream.processor.validation.RejectionReason;
import io.slipstream.serde.AvroDeserializer;
import io.slipstream.serde.AvroSerializer;
import io.slipstream.serde.SchemaRegistryClient;
import io.slipstream.serde.SchemaRegistrySettings;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeSet;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Every kind of bad input, each between two good events, through the real processor on the real
 * broker and registry: each bad record lands on its dead-letter topic with its raw bytes, reason
 * and provenance, is counted under its reason, and the published counts hold exactly the good
 * events around it.
 */
@Tag("integration")
@ExtendWith(LocalStackExtension.class)
class BadInputMatrixIT {
  private static final Duration LIMIT = Duration.ofSeconds(90);
  private static final String SERVICE = "checkout";
  private static final String OPERATION = "GET /carts/{id}";
  private static final long GOOD_SPACING_MS = 1_000;

  /** A record as sent: its offset on the single input partition and, if bad, what it was. */
  private record Sent(long offset, BadInput bad) {}

  @Test
  void shouldDeadLetterEveryBadKindWithReasonAndProvenanceAndLoseNoGoodEvent(
      LocalStack stack, TestResources resources) throws Exception {
    String prefix = resources.suffix() + "-";
    Topics topics = Topics.withPrefix(prefix);
    for (String topic :
        List.of(
            topics.requestEvents().name(),
            topics.resourceSamples().name(),
            topics.requestEventsDlq().name(),
            topics.resourceSamplesDlq().name(),
            topics.sliSnapshots().name())) {
      resources.createTopic(topic, 1);
    }
    Map<String, Object> serdeConfig = Map.of(SchemaRegistrySettings.URL, stack.schemaRegistryUrl());
    AvroSerializer<RequestEvent> requests = new AvroSerializer<>();
    requests.configure(serdeConfig, false);
    AvroSerializer<ResourceSample> samples = new AvroSerializer<>();
    samples.configure(serdeConfig, false);
    BadInputs catalogue =
        new BadInputs(
            requests,
            samples,
            new SchemaRegistryClient(SchemaRegistrySettings.of(stack.schemaRegistryUrl())),
            prefix);

    long now = System.currentTimeMillis();
    long base = Math.floorDiv(now, 60_000L) * 60_000L - 10 * 60_000L;
    List<BadInput> badRequests =
        catalogue.requestEvents(
            topics.requestEvents().name(),
            BadInputs.goodRequest(SERVICE, OPERATION, base, 200),
            now);
    List<BadInput> badSamples =
        catalogue.resourceSamples(
            topics.resourceSamples().name(), BadInputs.goodSample(SERVICE, base));

    Map<String, String> settings = new HashMap<>();
    settings.put("bootstrap.servers", stack.bootstrapServers());
    settings.put("application.id", resources.applicationId("slipstream-bad-input"));
    settings.put(ProcessorConfig.SCHEMA_REGISTRY_URL, stack.schemaRegistryUrl());
    settings.put(ProcessorConfig.TOPIC_PREFIX, prefix);
    settings.put("num.stream.threads", "1");
    settings.put("commit.interval.ms", "200");
    settings.put("state.dir", Files.createTempDirectory("slipstream-bad-input").toString());

    long[] expectedCounts = new long[2];
    List<Sent> sentRequests;
    List<Sent> sentSamples;
    try (SlipstreamProcessor processor =
            new SlipstreamProcessor(ProcessorConfig.of(settings), SliSettings.defaults());
        KafkaProducer<byte[], byte[]> producer = rawProducer(stack)) {
      processor.start();
      // Good, bad, good, bad, ..., good: every bad record has a good neighbour on each side.
      sentRequests = new ArrayList<>();
      long t = base;
      for (int i = 0; i <= badRequests.size(); i++) {
        int status = i % 4 == 3 ? 503 : 200;
        RequestEvent good = BadInputs.goodRequest(SERVICE, OPERATION, t, status);
        sentRequests.add(
            send(producer, topics.requestEvents().name(), requests.serialize("", good), null));
        expectedCounts[0]++;
        expectedCounts[1] += status >= 500 ? 1 : 0;
        t += GOOD_SPACING_MS;
        if (i < badRequests.size()) {
          BadInput bad = badRequests.get(i);
          sentRequests.add(send(producer, topics.requestEvents().name(), bad.value(), bad));
        }
      }
      long goodEnd = t;
      sentSamples = new ArrayList<>();
      long s = base;
      for (int i = 0; i <= badSamples.size(); i++) {
        ResourceSample good = BadInputs.goodSample(SERVICE, s);
        sentSamples.add(
            send(producer, topics.resourceSamples().name(), samples.serialize("", good), null));
        s += GOOD_SPACING_MS;
        if (i < badSamples.size()) {
          BadInput bad = badSamples.get(i);
          sentSamples.add(send(producer, topics.resourceSamples().name(), bad.value(), bad));
        }
      }
      // Moves event time past the grace on both inputs (the watermark is the slower one's) so
      // that every bucket holding good events is published.
      send(
          producer,
          topics.requestEvents().name(),
          requests.serialize("", BadInputs.goodRequest(SERVICE, OPERATION, base + 240_000, 200)),
          null);
      send(
          producer,
          topics.resourceSamples().name(),
          samples.serialize("", BadInputs.goodSample(SERVICE, base + 240_000)),
          null);

      assertDeadLetters(
          stack,
          resources,
          topics.requestEventsDlq().name(),
          topics.requestEvents().name(),
          sentRequests);
      assertDeadLetters(
          stack,
          resources,
          topics.resourceSamplesDlq().name(),
          topics.resourceSamples().name(),
          sentSamples);
      assertThat(publishedCounts(stack, resources, topics, base, goodEnd))
          .as("requests and errors published for the good events")
          .containsExactly(expectedCounts[0], expectedCounts[1]);
      assertCounted(processor, topics.requestEvents().name(), badRequests);
      assertCounted(processor, topics.resourceSamples().name(), badSamples);
    }
  }

  private static Sent send(
      KafkaProducer<byte[], byte[]> producer, String topic, byte[] value, BadInput bad)
      throws Exception {
    long offset =
        producer
            .send(new ProducerRecord<>(topic, 0, SERVICE.getBytes(StandardCharsets.UTF_8), value))
            .get()
            .offset();
    return new Sent(offset, bad);
  }

  /**
   * Exactly the bad records reach {@code dlq}, in order, each with its raw bytes, reason and the
   * topic, partition and offset it was written at.
   */
  private static void assertDeadLetters(
      LocalStack stack, TestResources resources, String dlq, String source, List<Sent> sent) {
    List<Sent> bad = sent.stream().filter(s -> s.bad() != null).toList();
    List<ConsumerRecord<byte[], byte[]>> dead = readRaw(stack, resources, dlq, bad.size());
    assertThat(dead).as("dead letters on %s", dlq).hasSize(bad.size());
    for (int i = 0; i < bad.size(); i++) {
      BadInput expected = bad.get(i).bad();
      ConsumerRecord<byte[], byte[]> record = dead.get(i);
      assertThat(header(record, DeadLetterHeaders.REASON))
          .as("reason of %s", expected.name())
          .isEqualTo(expected.reason().name());
      assertThat(header(record, DeadLetterHeaders.DETAIL))
          .as("detail of %s", expected.name())
          .isNotBlank();
      assertThat(header(record, DeadLetterHeaders.SOURCE_TOPIC)).isEqualTo(source);
      assertThat(header(record, DeadLetterHeaders.SOURCE_PARTITION)).isEqualTo("0");
      assertThat(header(record, DeadLetterHeaders.SOURCE_OFFSET))
          .as("offset of %s", expected.name())
          .isEqualTo(Long.toString(bad.get(i).offset()));
      assertThat(record.value()).as("raw bytes of %s", expected.name()).isEqualTo(expected.value());
    }
  }

  private static void assertCounted(
      SlipstreamProcessor processor, String topic, List<BadInput> bad) {
    Map<RejectionReason, Long> expected = new EnumMap<>(RejectionReason.class);
    bad.forEach(b -> expected.merge(b.reason(), 1L, Long::sum));
    Map<RejectionReason, Long> counted = new EnumMap<>(RejectionReason.class);
    for (RejectionReason reason : RejectionReason.values()) {
      long count = processor.rejections().count(topic, reason);
      if (count > 0) {
        counted.put(reason, count);
      }
    }
    assertThat(counted).as("rejections counted on %s", topic).isEqualTo(expected);
  }

  /** Requests and errors summed over the published 10 s snapshots in [base, end). */
  private static List<Long> publishedCounts(
      LocalStack stack, TestResources resources, Topics topics, long base, long end) {
    AvroDeserializer<SliSnapshot> deserializer = new AvroDeserializer<>(SliSnapshot.class);
    deserializer.configure(Map.of(SchemaRegistrySettings.URL, stack.schemaRegistryUrl()), false);
    TreeSet<Long> expectedStarts = new TreeSet<>();
    for (long t = base; t < end; t += GOOD_SPACING_MS) {
      expectedStarts.add(Math.floorDiv(t, 10_000L) * 10_000L);
    }
    List<SliSnapshot> buckets = new ArrayList<>();
    try (KafkaConsumer<String, SliSnapshot> consumer =
        new KafkaConsumer<>(
            consumerProps(stack, resources.applicationId("snapshots")),
            new StringDeserializer(),
            deserializer)) {
      consumer.subscribe(List.of(topics.sliSnapshots().name()));
      await("every 10 s bucket holding good events is published")
          .atMost(LIMIT)
          .until(
              () -> {
                for (ConsumerRecord<String, SliSnapshot> record :
                    consumer.poll(Duration.ofMillis(200))) {
                  SliSnapshot snapshot = record.value();
                  long start = snapshot.getWindowStart().toEpochMilli();
                  if (snapshot.getWindowEnd().toEpochMilli() - start == 10_000
                      && OPERATION.equals(snapshot.getOperation())
                      && start < end) {
                    buckets.add(snapshot);
                  }
                }
                return buckets.size() >= expectedStarts.size();
              });
    }
    assertThat(buckets).as("no bucket published twice").hasSize(expectedStarts.size());
    return List.of(
        buckets.stream().mapToLong(SliSnapshot::getRequestCount).sum(),
        buckets.stream().mapToLong(SliSnapshot::getErrorCount).sum());
  }

  private static String header(ConsumerRecord<byte[], byte[]> record, String name) {
    Header header = record.headers().lastHeader(name);
    return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
  }

  private static List<ConsumerRecord<byte[], byte[]>> readRaw(
      LocalStack stack, TestResources resources, String topic, int expected) {
    List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
    try (KafkaConsumer<byte[], byte[]> consumer =
        new KafkaConsumer<>(
            consumerProps(stack, resources.applicationId("dlq-reader-" + topic)),
            new ByteArrayDeserializer(),
            new ByteArrayDeserializer())) {
      consumer.subscribe(List.of(topic));
      await("dead letters arrive on " + topic)
          .atMost(LIMIT)
          .until(
              () -> {
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
                return records.size() >= expected;
              });
      // Anything beyond the expected count would be a good event dead-lettered by mistake.
      consumer.poll(Duration.ofMillis(500)).forEach(records::add);
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

  private static KafkaProducer<byte[], byte[]> rawProducer(LocalStack stack) {
    Properties props = new Properties();
    props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers());
    props.put(ProducerConfig.ACKS_CONFIG, "all");
    props.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 1_000_000);
    return new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer());
  }
}
