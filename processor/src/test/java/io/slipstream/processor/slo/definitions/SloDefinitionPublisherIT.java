package io.slipstream.processor.slo.definitions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

import io.slipstream.contracts.Topics;
import io.slipstream.localstack.LocalStack;
import io.slipstream.localstack.LocalStackExtension;
import io.slipstream.localstack.TestResources;
import io.slipstream.processor.slo.definitions.SloDefinitionPublisher.Mode;
import io.slipstream.processor.slo.definitions.SloDefinitionPublisher.Summary;
import io.slipstream.processor.slo.spec.OpenSloParser;
import io.slipstream.processor.slo.spec.SloDefinition;
import io.slipstream.processor.slo.spec.SloDefinitionError;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.GroupListing;
import org.apache.kafka.clients.admin.ProducerState;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The publisher on the real broker: what it writes to {@code slo-definitions} is what the processor
 * loads, bad files are reported while the good ones go out, removing and pruning write tombstones,
 * every prune safeguard holds, a topic that cannot be read in time stops the prune before anything
 * is written, and client properties cannot override what the topic's contract needs.
 */
@Tag("integration")
@ExtendWith(LocalStackExtension.class)
class SloDefinitionPublisherIT {
  // Failsafe runs in the module directory; the examples live one level up.
  private static final Path EXAMPLES = Path.of("..", "examples", "slos");
  private static final Duration LIMIT = Duration.ofSeconds(30);

  private static String createTopic(TestResources resources) {
    String topic = resources.topic(Topics.SLO_DEFINITIONS);
    resources.createTopic(topic, 1);
    return topic;
  }

  private static SloDefinitionPublisher publisher(LocalStack stack, String topic) {
    return publisher(stack, topic, Map.of(), LIMIT);
  }

  private static SloDefinitionPublisher publisher(
      LocalStack stack, String topic, Map<String, ?> clientProperties, Duration readTimeout) {
    return new SloDefinitionPublisher(
        stack.bootstrapServers(), clientProperties, topic, readTimeout);
  }

  private static Admin admin(LocalStack stack) {
    return Admin.create(
        Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers()));
  }

  /** Copies example files into {@code directory}. */
  private static void copyExamples(Path directory, String... files) throws IOException {
    for (String file : files) {
      Files.copy(EXAMPLES.resolve(file), directory.resolve(file));
    }
  }

  /** Writes raw records, key → value (null: tombstone), as anything else on the cluster might. */
  private static void seed(LocalStack stack, String topic, String[]... records) throws Exception {
    try (KafkaProducer<String, String> producer =
        new KafkaProducer<>(
            Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers()),
            new StringSerializer(),
            new StringSerializer())) {
      for (String[] record : records) {
        producer
            .send(new ProducerRecord<>(topic, record[0], record.length > 1 ? record[1] : null))
            .get();
      }
    }
  }

  /** Every committed record on the topic, in order, up to its current end. */
  private static List<ConsumerRecord<String, String>> records(LocalStack stack, String topic) {
    TopicPartition partition = new TopicPartition(topic, 0);
    List<ConsumerRecord<String, String>> records = new ArrayList<>();
    KafkaConsumer<String, String> consumer =
        new KafkaConsumer<>(
            Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                stack.bootstrapServers(),
                ConsumerConfig.ISOLATION_LEVEL_CONFIG,
                "read_committed"),
            new StringDeserializer(),
            new StringDeserializer());
    try {
      consumer.assign(List.of(partition));
      consumer.seekToBeginning(List.of(partition));
      long end = consumer.endOffsets(List.of(partition), LIMIT).get(partition);
      long deadline = System.nanoTime() + LIMIT.toNanos();
      while (consumer.position(partition, LIMIT) < end) {
        assertThat(System.nanoTime()).as("reading " + topic + " to its end").isLessThan(deadline);
        consumer.poll(Duration.ofMillis(100)).forEach(records::add);
      }
    } finally {
      // Do not wait for the fetch the broker holds at the end of the topic (fetch.max.wait.ms).
      consumer.close(CloseOptions.timeout(Duration.ZERO));
    }
    return records;
  }

  /** The last value per key, as compaction (and the processor's global store) keeps it. */
  private static Map<String, String> latest(List<ConsumerRecord<String, String>> records) {
    Map<String, String> latest = new HashMap<>();
    records.forEach(record -> latest.put(record.key(), record.value()));
    return latest;
  }

  @Test
  void shouldPublishTheExamplesSoThatEveryValueLoadsAsTheSameDefinition(
      LocalStack stack, TestResources resources) throws IOException {
    String topic = createTopic(resources);
    List<SloDefinition> expected = OpenSloParser.parseDirectory(EXAMPLES).definitions();

    Summary summary;
    SloDefinitionPublisher closed;
    try (SloDefinitionPublisher publisher = publisher(stack, topic)) {
      summary = publisher.publishDirectory(EXAMPLES, Mode.UPSERT);
      closed = publisher;
    }

    assertThat(summary.errors()).as(summary.errorReport()).isEmpty();
    assertThat(summary.removed()).isEmpty();
    assertThat(summary.retained()).isEmpty();
    assertThat(summary.published())
        .containsExactlyElementsOf(expected.stream().map(SloDefinition::id).toList())
        .hasSize(6);
    List<ConsumerRecord<String, String>> records = records(stack, topic);
    assertThat(records)
        .extracting(ConsumerRecord::key)
        .containsExactlyElementsOf(summary.published());
    for (int i = 0; i < expected.size(); i++) {
      ConsumerRecord<String, String> record = records.get(i);
      // The processor's own decoding: parse the value alone, pick the SLO the key names.
      assertThat(SloDefinitionLoader.decode(record.key(), record.value()))
          .as(record.value())
          .contains(expected.get(i));
    }
    // Closing closed the producer: the real client refuses to send any more.
    assertThatThrownBy(() -> closed.remove("checkout-availability"))
        .isInstanceOf(IllegalStateException.class);
  }

  @Test
  void shouldReportTheBadFileByNameAndFieldAndStillPublishTheGoodOnes(
      LocalStack stack, TestResources resources, @TempDir Path directory) throws IOException {
    String topic = createTopic(resources);
    copyExamples(directory, "checkout-availability.yaml", "checkout-latency.yaml");
    Path bad = directory.resolve("search-latency-timeslices.yaml");
    Files.writeString(
        bad,
        Files.readString(EXAMPLES.resolve("search-latency-timeslices.yaml"))
            .replace("timeSliceWindow: 1m", "timeSliceWindow: 7m"));

    Summary summary;
    try (SloDefinitionPublisher publisher = publisher(stack, topic)) {
      summary = publisher.publishDirectory(directory, Mode.UPSERT);
    }

    assertThat(summary.published())
        .containsExactlyInAnyOrder("checkout-availability", "checkout-latency");
    assertThat(summary.errors())
        .singleElement()
        .satisfies(
            error -> {
              assertThat(error.file()).isEqualTo(bad.toString());
              assertThat(error.sloName()).isEqualTo("search-latency-p99");
              assertThat(error.fieldPath()).isEqualTo("spec.objectives[0].timeSliceWindow");
            });
    assertThat(summary.isClean()).isFalse();
    assertThat(summary.errorReport()).contains("search-latency-timeslices.yaml");
    assertThat(records(stack, topic))
        .extracting(ConsumerRecord::key)
        .containsExactlyInAnyOrder("checkout-availability", "checkout-latency");
  }

  @Test
  void shouldReportADirectoryThatCannotBeListedAndNeitherWriteNorPrune(
      LocalStack stack, TestResources resources, @TempDir Path directory) throws Exception {
    String topic = createTopic(resources);
    seed(stack, topic, new String[] {"checkout-other", "yaml"});
    Path missing = directory.resolve("no-such-directory");

    Summary summary;
    try (SloDefinitionPublisher publisher = publisher(stack, topic)) {
      summary = publisher.publishDirectory(missing, Mode.PRUNE);
    }

    assertThat(summary.published()).isEmpty();
    assertThat(summary.errors())
        .singleElement()
        .satisfies(
            error -> {
              assertThat(error.file()).isEqualTo(missing.toString());
              assertThat(error.sloName()).isNull();
            });
    assertThat(summary.removed()).isEmpty();
    assertThat(summary.retained()).containsExactly("checkout-other");
    assertThat(records(stack, topic)).hasSize(1);
  }

  @Test
  void shouldWriteATombstoneToRemoveAnSloAndRejectABlankId(
      LocalStack stack, TestResources resources, @TempDir Path directory) throws IOException {
    String topic = createTopic(resources);
    copyExamples(directory, "checkout-availability.yaml", "checkout-latency.yaml");

    try (SloDefinitionPublisher publisher = publisher(stack, topic)) {
      publisher.publishDirectory(directory, Mode.UPSERT);

      Summary summary = publisher.remove("checkout-latency");
      Summary harmless = publisher.remove("never-published");

      assertThat(summary.removed()).containsExactly("checkout-latency");
      assertThat(summary.published()).isEmpty();
      assertThat(harmless.removed()).containsExactly("never-published");
      assertThat(publisher.idsOnTopic()).containsExactly("checkout-availability");
      assertThatThrownBy(() -> publisher.remove(" ")).isInstanceOf(IllegalArgumentException.class);
    }

    List<ConsumerRecord<String, String>> records = records(stack, topic);
    assertThat(records).hasSize(4);
    assertThat(records.subList(2, 4))
        .extracting(ConsumerRecord::key, ConsumerRecord::value)
        .containsExactly(tuple("checkout-latency", null), tuple("never-published", null));
  }

  @Test
  void shouldTombstoneAnSloWhoseFileVanishedWhenPruningButNotOneRemovedEarlier(
      LocalStack stack, TestResources resources, @TempDir Path directory) throws IOException {
    String topic = createTopic(resources);
    copyExamples(
        directory,
        "checkout-availability.yaml",
        "checkout-saturation.yaml",
        "checkout-latency.yaml");

    try (SloDefinitionPublisher publisher = publisher(stack, topic)) {
      Summary first = publisher.publishDirectory(directory, Mode.PRUNE);
      assertThat(first.published())
          .containsExactlyInAnyOrder(
              "checkout-availability", "checkout-saturation", "checkout-latency");
      assertThat(first.removed()).isEmpty();

      Files.delete(directory.resolve("checkout-latency.yaml"));
      publisher.remove("checkout-latency");
      Files.delete(directory.resolve("checkout-saturation.yaml"));
      Summary second = publisher.publishDirectory(directory, Mode.PRUNE);

      assertThat(second.errors()).extracting(SloDefinitionError::toString).isEmpty();
      assertThat(second.published()).containsExactly("checkout-availability");
      assertThat(second.removed()).containsExactly("checkout-saturation");
      assertThat(second.retained()).isEmpty();
      assertThat(publisher.idsOnTopic()).containsExactly("checkout-availability");
    }

    // Three definitions, the explicit tombstone, then the survivor again and the pruned tombstone.
    List<ConsumerRecord<String, String>> records = records(stack, topic);
    assertThat(records).hasSize(6);
    assertThat(records.get(5).key()).isEqualTo("checkout-saturation");
    assertThat(records.get(5).value()).isNull();
    assertThat(records.subList(4, 6))
        .extracting(ConsumerRecord::key)
        .containsExactlyInAnyOrder("checkout-availability", "checkout-saturation");
    Map<String, String> latest = latest(records);
    assertThat(latest)
        .containsEntry("checkout-saturation", null)
        .containsEntry("checkout-latency", null);
    assertThat(
            SloDefinitionLoader.decode(
                "checkout-availability", latest.get("checkout-availability")))
        .isPresent();
  }

  @Test
  void shouldKeepAnSloWhoseFileTurnedInvalidWhenPruning(
      LocalStack stack, TestResources resources, @TempDir Path directory) throws IOException {
    String topic = createTopic(resources);
    copyExamples(directory, "checkout-availability.yaml", "search-latency-timeslices.yaml");

    try (SloDefinitionPublisher publisher = publisher(stack, topic)) {
      publisher.publishDirectory(directory, Mode.PRUNE);
      Path edited = directory.resolve("search-latency-timeslices.yaml");
      Files.writeString(
          edited, Files.readString(edited).replace("timeSliceWindow: 1m", "timeSliceWindow: 7m"));

      Summary summary = publisher.publishDirectory(directory, Mode.PRUNE);

      assertThat(summary.published()).containsExactly("checkout-availability");
      assertThat(summary.errors())
          .extracting(SloDefinitionError::sloName)
          .containsExactly("search-latency-p99");
      assertThat(summary.removed()).isEmpty();
      assertThat(summary.retained()).containsExactly("search-latency-p99");
      assertThat(publisher.idsOnTopic())
          .containsExactly("checkout-availability", "search-latency-p99");
    }

    List<ConsumerRecord<String, String>> records = records(stack, topic);
    assertThat(records).hasSize(3);
    assertThat(records.get(2).key()).isEqualTo("checkout-availability");
  }

  @Test
  void shouldPruneNothingWhenAFileCannotBeReadBecauseItsSlosAreUnknown(
      LocalStack stack, TestResources resources, @TempDir Path directory) throws IOException {
    String topic = createTopic(resources);
    copyExamples(directory, "checkout-availability.yaml", "checkout-latency.yaml");

    try (SloDefinitionPublisher publisher = publisher(stack, topic)) {
      publisher.publishDirectory(directory, Mode.PRUNE);
      Files.delete(directory.resolve("checkout-latency.yaml"));
      Files.writeString(directory.resolve("broken.yaml"), "apiVersion: [unclosed\n");

      Summary summary = publisher.publishDirectory(directory, Mode.PRUNE);

      assertThat(summary.published()).containsExactly("checkout-availability");
      assertThat(summary.errors())
          .isNotEmpty()
          .extracting(SloDefinitionError::sloName)
          .containsOnlyNulls();
      assertThat(summary.removed()).isEmpty();
      assertThat(summary.retained()).containsExactly("checkout-latency");
      assertThat(publisher.idsOnTopic())
          .containsExactly("checkout-availability", "checkout-latency");
    }

    List<ConsumerRecord<String, String>> records = records(stack, topic);
    assertThat(records).hasSize(3);
    assertThat(records.get(2).key()).isEqualTo("checkout-availability");
  }

  @Test
  void shouldPruneNothingWhenTheFilesDefineNoSloAtAll(
      LocalStack stack, TestResources resources, @TempDir Path directory) throws IOException {
    String topic = createTopic(resources);
    copyExamples(directory, "checkout-availability.yaml");

    try (SloDefinitionPublisher publisher = publisher(stack, topic)) {
      publisher.publishDirectory(directory, Mode.PRUNE);
      Files.delete(directory.resolve("checkout-availability.yaml"));

      Summary summary = publisher.publishDirectory(directory, Mode.PRUNE);

      assertThat(summary.errors()).isEmpty();
      assertThat(summary.published()).isEmpty();
      assertThat(summary.removed()).isEmpty();
      assertThat(summary.retained()).containsExactly("checkout-availability");
    }

    assertThat(records(stack, topic)).hasSize(1);
  }

  @Test
  void shouldWriteNothingWhenTheTopicCannotBeReadToItsEndInTime(
      LocalStack stack, TestResources resources, @TempDir Path directory) throws Exception {
    String topic = createTopic(resources);
    seed(stack, topic, new String[] {"checkout-other", "yaml"});
    copyExamples(directory, "checkout-availability.yaml");
    // A real broker slow to deliver: it holds each fetch until 1 MB is there (never, on this
    // topic) or 10 s have passed, far longer than the prune may read. These settings reaching the
    // prune consumer also show that other client properties are passed on.
    Map<String, Object> slowFetches =
        Map.of(
            ConsumerConfig.FETCH_MIN_BYTES_CONFIG,
            1 << 20,
            ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG,
            10_000);

    try (SloDefinitionPublisher publisher =
        publisher(stack, topic, slowFetches, Duration.ofMillis(1_000))) {
      assertThatThrownBy(() -> publisher.publishDirectory(directory, Mode.PRUNE))
          .isInstanceOf(TimeoutException.class)
          .hasMessageContaining(topic);
    }

    assertThat(records(stack, topic))
        .extracting(ConsumerRecord::key)
        .containsExactly("checkout-other");
  }

  @Test
  void shouldThrowWhenKafkaRefusesARecordAndWriteNothingElse(
      LocalStack stack, TestResources resources) throws IOException {
    String topic = createTopic(resources);
    String first = OpenSloParser.parseDirectory(EXAMPLES).definitions().get(0).id();

    // Every definition is larger than this producer may send (a client property passed on).
    try (SloDefinitionPublisher publisher =
        publisher(stack, topic, Map.of(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 100), LIMIT)) {
      assertThatThrownBy(() -> publisher.publishDirectory(EXAMPLES, Mode.UPSERT))
          .isInstanceOf(KafkaException.class)
          .hasMessageContaining("could not write SLO " + first + " to " + topic)
          .hasMessageContaining("acknowledged so far: []")
          .hasCauseInstanceOf(RecordTooLargeException.class);
    }

    assertThat(records(stack, topic)).isEmpty();
  }

  @Test
  void shouldFindNoSlosOnATopicThatDoesNotExistAndNotCreateIt(
      LocalStack stack, TestResources resources) throws Exception {
    String absent = resources.topic(Topics.SLO_DEFINITIONS);
    String control = resources.topic("auto-created");

    // The embedded broker creates topics on demand; the prune consumer must not ask it to.
    try (SloDefinitionPublisher publisher =
        publisher(
            stack,
            absent,
            Map.of(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, true),
            Duration.ofSeconds(5))) {
      assertThat(publisher.idsOnTopic()).isEmpty();
    }

    // The broker creates a topic asynchronously: the same lookup by a consumer allowed to create
    // topics, made after, shows when the publisher's would have had its effect.
    try (KafkaConsumer<String, String> consumer =
            new KafkaConsumer<>(
                Map.of(
                    ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                    stack.bootstrapServers(),
                    ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG,
                    true),
                new StringDeserializer(),
                new StringDeserializer());
        Admin admin = admin(stack)) {
      consumer.partitionsFor(control, LIMIT);
      await(control + " created on demand")
          .atMost(LIMIT)
          .pollInterval(Duration.ofMillis(50))
          .until(() -> admin.listTopics().names().get().contains(control));
      assertThat(admin.listTopics().names().get()).doesNotContain(absent);
    }
  }

  @Test
  void shouldKeepTheContractsSettingsWhateverTheClientProperties(
      LocalStack stack, TestResources resources, @TempDir Path directory) throws Exception {
    String topic = createTopic(resources);
    TopicPartition partition = new TopicPartition(topic, 0);
    String group = resources.applicationId("publisher-group");
    copyExamples(directory, "checkout-availability.yaml");
    Map<String, Object> overrides = new HashMap<>();
    overrides.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:1");
    overrides.put(ProducerConfig.ACKS_CONFIG, "1");
    overrides.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, false);
    overrides.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
    overrides.put(
        ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
    overrides.put(
        ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
    overrides.put(
        ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
    overrides.put(ConsumerConfig.GROUP_ID_CONFIG, group);
    overrides.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, true);
    overrides.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_uncommitted");

    try (SloDefinitionPublisher publisher = publisher(stack, topic, overrides, LIMIT);
        KafkaProducer<String, String> inFlight =
            new KafkaProducer<>(
                Map.of(
                    ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                    stack.bootstrapServers(),
                    ProducerConfig.TRANSACTIONAL_ID_CONFIG,
                    resources.applicationId("in-flight")),
                new StringSerializer(),
                new StringSerializer());
        Admin admin = admin(stack)) {
      // The servers given to the constructor are used, not those of the properties.
      assertThat(publisher.publishDirectory(directory, Mode.UPSERT).published())
          .containsExactly("checkout-availability");

      // A record of a transaction still open: read_committed neither sees nor waits for it.
      inFlight.initTransactions();
      inFlight.beginTransaction();
      inFlight.send(new ProducerRecord<>(topic, "in-flight", "yaml")).get();
      try {
        Summary pruned = publisher.publishDirectory(directory, Mode.PRUNE);

        assertThat(pruned.removed()).isEmpty();
        assertThat(pruned.retained()).isEmpty();
        // Besides the transactional producer, the publisher's: the broker tracks only idempotent
        // producers, and Kafka allows idempotence only with acks=all.
        List<ProducerState> producers =
            admin
                .describeProducers(List.of(partition))
                .all()
                .get()
                .get(partition)
                .activeProducers();
        assertThat(producers)
            .hasSize(2)
            .filteredOn(producer -> producer.currentTransactionStartOffset().isEmpty())
            .singleElement()
            .satisfies(producer -> assertThat(producer.lastSequence()).isEqualTo(1));
      } finally {
        inFlight.abortTransaction();
      }

      // The prune consumer joined no group, so it committed nothing under the given group id.
      assertThat(admin.listGroups().all().get())
          .extracting(GroupListing::groupId)
          .doesNotContain(group);
    }

    assertThat(records(stack, topic))
        .extracting(ConsumerRecord::key)
        .containsExactly("checkout-availability", "checkout-availability");
  }
}
