package io.slipstream.processor.slo.definitions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.slipstream.processor.slo.definitions.SloDefinitionPublisher.Mode;
import io.slipstream.processor.slo.definitions.SloDefinitionPublisher.Summary;
import io.slipstream.processor.slo.spec.OpenSloParser;
import io.slipstream.processor.slo.spec.SloDefinition;
import io.slipstream.processor.slo.spec.SloDefinitionError;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SloDefinitionPublisherTest {
  // Surefire runs in the module directory; the examples live one level up.
  private static final Path EXAMPLES = Path.of("..", "examples", "slos");
  private static final String TOPIC = "slo-definitions";
  private static final TopicPartition PARTITION = new TopicPartition(TOPIC, 0);

  private static final String AVAILABILITY =
      """
      apiVersion: openslo/v1
      kind: SLO
      metadata:
        name: %s
      spec:
        service: checkout
        budgetingMethod: Occurrences
        timeWindow:
          - duration: 30d
            isRolling: true
        indicator:
          spec:
            ratioMetric:
              bad:
                metricSource:
                  type: slipstream
                  spec:
                    errors: true
              total:
                metricSource:
                  type: slipstream
                  spec: {}
        objectives:
          - target: %s
      """;

  private final MockProducer<String, String> producer =
      new MockProducer<>(true, null, new StringSerializer(), new StringSerializer());
  private final MockConsumer<String, String> consumer = new MockConsumer<>("earliest");

  @TempDir Path files;

  private SloDefinitionPublisher publisher(Duration readTimeout) {
    return new SloDefinitionPublisher(producer, () -> consumer, TOPIC, readTimeout);
  }

  private Path slo(String id, String target) throws IOException {
    return Files.writeString(files.resolve(id + ".yaml"), AVAILABILITY.formatted(id, target));
  }

  /** The topic as the prune consumer will find it: these records, key → value (null: tombstone). */
  private void topicHolds(List<String[]> records) {
    consumer.updatePartitions(TOPIC, List.of(new PartitionInfo(TOPIC, 0, null, new Node[0], null)));
    consumer.updateBeginningOffsets(Map.of(PARTITION, 0L));
    consumer.updateEndOffsets(Map.of(PARTITION, (long) records.size()));
    consumer.schedulePollTask(
        () -> {
          for (int offset = 0; offset < records.size(); offset++) {
            String[] record = records.get(offset);
            consumer.addRecord(
                new ConsumerRecord<>(
                    TOPIC, 0, offset, record[0], record.length > 1 ? record[1] : null));
          }
        });
  }

  private Map<String, Optional<String>> sent() {
    Map<String, Optional<String>> sent = new HashMap<>();
    for (ProducerRecord<String, String> record : producer.history()) {
      assertThat(record.topic()).isEqualTo(TOPIC);
      sent.put(record.key(), Optional.ofNullable(record.value()));
    }
    return sent;
  }

  @Test
  void shouldPublishEveryExampleKeyedByIdAsAValueTheLoaderReadsAsTheSameDefinition()
      throws IOException {
    List<SloDefinition> expected = OpenSloParser.parseDirectory(EXAMPLES).definitions();

    Summary summary;
    try (SloDefinitionPublisher publisher = publisher(Duration.ofSeconds(1))) {
      summary = publisher.publishDirectory(EXAMPLES, Mode.UPSERT);
    }

    assertThat(summary.errors()).as(summary.errorReport()).isEmpty();
    assertThat(summary.removed()).isEmpty();
    assertThat(summary.published())
        .containsExactlyElementsOf(expected.stream().map(SloDefinition::id).toList())
        .hasSize(5);
    assertThat(producer.history()).hasSize(expected.size());
    for (SloDefinition definition : expected) {
      String value = sent().get(definition.id()).orElseThrow();
      assertThat(SloDefinitionLoader.decode(definition.id(), value)).contains(definition);
    }
    assertThat(producer.closed()).isTrue();
  }

  @Test
  void shouldReportABadFileByNameAndFieldAndStillPublishTheGoodOnes() throws IOException {
    slo("checkout-good", "0.999");
    Path bad = slo("checkout-bad", "99.9");

    Summary summary = publisher(Duration.ofSeconds(1)).publishDirectory(files, Mode.UPSERT);

    assertThat(summary.published()).containsExactly("checkout-good");
    assertThat(summary.errors())
        .singleElement()
        .satisfies(
            error -> {
              assertThat(error.file()).isEqualTo(bad.toString());
              assertThat(error.sloName()).isEqualTo("checkout-bad");
              assertThat(error.fieldPath()).isEqualTo("spec.objectives[0].target");
            });
    assertThat(sent()).containsOnlyKeys("checkout-good");
  }

  @Test
  void shouldReportADirectoryThatCannotBeListedWithoutThrowing() {
    Path missing = files.resolve("no-such-directory");

    Summary summary = publisher(Duration.ofSeconds(1)).publishDirectory(missing, Mode.UPSERT);

    assertThat(summary.published()).isEmpty();
    assertThat(summary.errors())
        .singleElement()
        .extracting(SloDefinitionError::file)
        .isEqualTo(missing.toString());
    assertThat(producer.history()).isEmpty();
  }

  @Test
  void shouldWriteATombstoneToRemoveAnSlo() {
    Summary summary = publisher(Duration.ofSeconds(1)).remove("checkout-old");

    assertThat(summary.removed()).containsExactly("checkout-old");
    assertThat(sent()).containsExactly(Map.entry("checkout-old", Optional.empty()));
  }

  @Test
  void shouldPruneSlosOnTheTopicThatNoFileDefinesAnyMore() throws IOException {
    slo("checkout-kept", "0.999");
    topicHolds(
        List.of(
            new String[] {"checkout-kept", "old yaml"},
            new String[] {"checkout-vanished", "yaml"},
            new String[] {"checkout-removed-earlier", "yaml"},
            new String[] {"checkout-removed-earlier"}));

    Summary summary = publisher(Duration.ofSeconds(5)).publishDirectory(files, Mode.PRUNE);

    assertThat(summary.published()).containsExactly("checkout-kept");
    assertThat(summary.removed()).containsExactly("checkout-vanished");
    assertThat(summary.retained()).isEmpty();
    assertThat(sent()).containsEntry("checkout-vanished", Optional.empty()).hasSize(2);
  }

  @Test
  void shouldKeepAnSloWhoseFileTurnedInvalidWhenPruning() throws IOException {
    slo("checkout-good", "0.999");
    slo("checkout-broken", "2");
    topicHolds(
        List.of(new String[] {"checkout-good", "yaml"}, new String[] {"checkout-broken", "yaml"}));

    Summary summary = publisher(Duration.ofSeconds(5)).publishDirectory(files, Mode.PRUNE);

    assertThat(summary.removed()).isEmpty();
    assertThat(summary.retained()).containsExactly("checkout-broken");
    assertThat(summary.errors())
        .extracting(SloDefinitionError::sloName)
        .contains("checkout-broken");
    assertThat(sent()).containsOnlyKeys("checkout-good");
  }

  @Test
  void shouldPruneNothingWhenAFileCannotBeReadBecauseItsSlosAreUnknown() throws IOException {
    slo("checkout-good", "0.999");
    Files.writeString(files.resolve("broken.yaml"), "apiVersion: [unclosed\n");
    topicHolds(
        List.of(new String[] {"checkout-good", "yaml"}, new String[] {"checkout-other", "yaml"}));

    Summary summary = publisher(Duration.ofSeconds(5)).publishDirectory(files, Mode.PRUNE);

    assertThat(summary.errors()).extracting(SloDefinitionError::sloName).containsOnlyNulls();
    assertThat(summary.removed()).isEmpty();
    assertThat(summary.retained()).containsExactly("checkout-other");
    assertThat(sent()).containsOnlyKeys("checkout-good");
  }

  @Test
  void shouldPruneNothingWhenTheFilesDefineNoSloAtAll() {
    topicHolds(List.<String[]>of(new String[] {"checkout-other", "yaml"}));

    Summary summary = publisher(Duration.ofSeconds(5)).publishDirectory(files, Mode.PRUNE);

    assertThat(summary.removed()).isEmpty();
    assertThat(summary.retained()).containsExactly("checkout-other");
    assertThat(producer.history()).isEmpty();
  }

  @Test
  void shouldWriteNothingWhenTheTopicCannotBeReadToItsEndInTime() throws IOException {
    slo("checkout-good", "0.999");
    consumer.updatePartitions(TOPIC, List.of(new PartitionInfo(TOPIC, 0, null, new Node[0], null)));
    consumer.updateBeginningOffsets(Map.of(PARTITION, 0L));
    consumer.updateEndOffsets(Map.of(PARTITION, 3L)); // records that never arrive

    SloDefinitionPublisher publisher = publisher(Duration.ofMillis(300));

    assertThatThrownBy(() -> publisher.publishDirectory(files, Mode.PRUNE))
        .isInstanceOf(TimeoutException.class)
        .hasMessageContaining(TOPIC);
    assertThat(producer.history()).isEmpty();
  }

  @Test
  void shouldFindNoSlosOnATopicThatDoesNotExist() {
    assertThat(publisher(Duration.ofSeconds(1)).idsOnTopic()).isEmpty();
  }

  @Test
  void shouldMakeTheProducerIdempotentWithAcksAllWhateverTheExtraProperties() {
    Map<String, Object> config =
        SloDefinitionPublisher.producerConfig(
            "broker:9092",
            Map.of(
                ProducerConfig.ACKS_CONFIG,
                "1",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG,
                false,
                "security.protocol",
                "SSL"));

    assertThat(config)
        .containsEntry(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, "broker:9092")
        .containsEntry(ProducerConfig.ACKS_CONFIG, "all")
        .containsEntry(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true)
        .containsEntry("security.protocol", "SSL");
  }

  @Test
  void shouldReadTheTopicCommittedOnlyWithoutAGroupAndWithoutCreatingIt() {
    Map<String, Object> config =
        SloDefinitionPublisher.consumerConfig(
            "broker:9092", Map.of(ConsumerConfig.GROUP_ID_CONFIG, "g", "security.protocol", "SSL"));

    assertThat(config)
        .doesNotContainKey(ConsumerConfig.GROUP_ID_CONFIG)
        .containsEntry(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed")
        .containsEntry(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false)
        .containsEntry(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false)
        .containsEntry("security.protocol", "SSL");
  }
}
