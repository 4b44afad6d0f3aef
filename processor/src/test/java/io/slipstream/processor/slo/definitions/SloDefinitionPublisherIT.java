package io.slipstream.processor.slo.definitions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.slipstream.localstack.LocalStack;
import io.slipstream.localstack.LocalStackExtension;
import io.slipstream.localstack.TestResources;
import io.slipstream.processor.slo.definitions.SloDefinitionPublisher.Mode;
import io.slipstream.processor.slo.definitions.SloDefinitionPublisher.Summary;
import io.slipstream.processor.slo.spec.OpenSloParser;
import io.slipstream.processor.slo.spec.SloDefinition;
import io.slipstream.processor.slo.spec.SloDefinitionError;
import io.slipstream.processor.topology.Topics;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The publisher on the real broker: what it writes to {@code slo-definitions} is what the processor
 * loads, bad files are reported while the good ones go out, and pruning tombstones a vanished SLO.
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
    return new SloDefinitionPublisher(stack.bootstrapServers(), Map.of(), topic, LIMIT);
  }

  /** Every record on the topic, in order, once {@code count} have arrived. */
  private static List<ConsumerRecord<String, String>> readTopic(
      LocalStack stack, String topic, int count) {
    List<ConsumerRecord<String, String>> records = new ArrayList<>();
    try (KafkaConsumer<String, String> consumer =
        new KafkaConsumer<>(
            Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                stack.bootstrapServers(),
                ConsumerConfig.ISOLATION_LEVEL_CONFIG,
                "read_committed"),
            new StringDeserializer(),
            new StringDeserializer())) {
      TopicPartition partition = new TopicPartition(topic, 0);
      consumer.assign(List.of(partition));
      consumer.seekToBeginning(List.of(partition));
      await(count + " records on " + topic)
          .atMost(LIMIT)
          .until(
              () -> {
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
                return records.size() >= count;
              });
    }
    assertThat(records).hasSize(count);
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
    Map<String, SloDefinition> expected =
        OpenSloParser.parseDirectory(EXAMPLES).definitions().stream()
            .collect(Collectors.toMap(SloDefinition::id, Function.identity()));

    Summary summary;
    try (SloDefinitionPublisher publisher = publisher(stack, topic)) {
      summary = publisher.publishDirectory(EXAMPLES, Mode.UPSERT);
    }

    assertThat(summary.errors()).as(summary.errorReport()).isEmpty();
    assertThat(summary.published()).containsExactlyInAnyOrderElementsOf(expected.keySet());
    List<ConsumerRecord<String, String>> records = readTopic(stack, topic, expected.size());
    assertThat(records).extracting(ConsumerRecord::key).doesNotHaveDuplicates();
    for (ConsumerRecord<String, String> record : records) {
      assertThat(expected).containsKey(record.key());
      // The processor's own decoding: parse the value alone, pick the SLO the key names.
      assertThat(SloDefinitionLoader.decode(record.key(), record.value()))
          .as(record.value())
          .contains(expected.get(record.key()));
    }
  }

  @Test
  void shouldReportTheBadFileByNameAndFieldAndStillPublishTheGoodOnes(
      LocalStack stack, TestResources resources, @TempDir Path directory) throws IOException {
    String topic = createTopic(resources);
    Files.copy(
        EXAMPLES.resolve("checkout-availability.yaml"),
        directory.resolve("checkout-availability.yaml"));
    Files.copy(
        EXAMPLES.resolve("checkout-latency.yaml"), directory.resolve("checkout-latency.yaml"));
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
    assertThat(summary.errorReport()).contains("search-latency-timeslices.yaml");
    assertThat(latest(readTopic(stack, topic, 2)))
        .containsOnlyKeys("checkout-availability", "checkout-latency");
  }

  @Test
  void shouldTombstoneAnSloWhoseFileVanishedWhenPruning(
      LocalStack stack, TestResources resources, @TempDir Path directory) throws IOException {
    String topic = createTopic(resources);
    for (String file : List.of("checkout-availability.yaml", "checkout-saturation.yaml")) {
      Files.copy(EXAMPLES.resolve(file), directory.resolve(file));
    }

    try (SloDefinitionPublisher publisher = publisher(stack, topic)) {
      Summary first = publisher.publishDirectory(directory, Mode.PRUNE);
      assertThat(first.published())
          .containsExactlyInAnyOrder("checkout-availability", "checkout-saturation");
      assertThat(first.removed()).isEmpty();

      Files.delete(directory.resolve("checkout-saturation.yaml"));
      Summary second = publisher.publishDirectory(directory, Mode.PRUNE);

      assertThat(second.errors()).extracting(SloDefinitionError::toString).isEmpty();
      assertThat(second.published()).containsExactly("checkout-availability");
      assertThat(second.removed()).containsExactly("checkout-saturation");
      assertThat(publisher.idsOnTopic()).containsExactly("checkout-availability");
    }

    // Two definitions, then the survivor again and the tombstone of the vanished one.
    List<ConsumerRecord<String, String>> records = readTopic(stack, topic, 4);
    ConsumerRecord<String, String> tombstone = records.get(3);
    assertThat(tombstone.key()).isEqualTo("checkout-saturation");
    assertThat(tombstone.value()).isNull();
    Map<String, String> latest = latest(records);
    assertThat(latest).containsEntry("checkout-saturation", null);
    assertThat(
            SloDefinitionLoader.decode(
                "checkout-availability", latest.get("checkout-availability")))
        .isPresent();
  }
}
