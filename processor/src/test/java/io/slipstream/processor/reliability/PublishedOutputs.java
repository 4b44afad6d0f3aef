package io.slipstream.processor.reliability;

import io.slipstream.avro.BurnRateEvaluation;
import io.slipstream.avro.SliSnapshot;
import io.slipstream.avro.SloAlert;
import io.slipstream.contracts.Topic;
import io.slipstream.contracts.Topics;
import io.slipstream.serde.SchemaRegistrySettings;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * What a pipeline has published, as a consumer with {@code isolation.level=read_committed} sees it:
 * every committed record of the output topics up to their last stable offsets, in offset order
 * (each output is keyed so that one service's or one SLO's records share a partition).
 */
record PublishedOutputs(
    List<SliSnapshot> snapshots,
    List<BurnRateEvaluation> burnRates,
    List<SloAlert> alerts,
    int deadLetters) {
  private static final Duration READ_LIMIT = Duration.ofSeconds(60);

  static PublishedOutputs read(String bootstrapServers, String registryUrl, Topics topics) {
    return new PublishedOutputs(
        readAll(bootstrapServers, topics.sliSnapshots(), registryUrl),
        readAll(bootstrapServers, topics.sloBurnRates(), registryUrl),
        readAll(bootstrapServers, topics.sloAlerts(), registryUrl),
        deadLetters(bootstrapServers, registryUrl, topics));
  }

  /**
   * What an alerting consumer reads: burn rates, alerts and the dead-letter count, without the
   * snapshots (a month of 10-second snapshots is more than a test needs to hold).
   */
  static PublishedOutputs readAlerting(String bootstrapServers, String registryUrl, Topics topics) {
    return new PublishedOutputs(
        List.of(),
        readAll(bootstrapServers, topics.sloBurnRates(), registryUrl),
        readAll(bootstrapServers, topics.sloAlerts(), registryUrl),
        deadLetters(bootstrapServers, registryUrl, topics));
  }

  private static int deadLetters(String bootstrapServers, String registryUrl, Topics topics) {
    return readAll(bootstrapServers, topics.requestEventsDlq(), registryUrl).size()
        + readAll(bootstrapServers, topics.resourceSamplesDlq(), registryUrl).size();
  }

  /** Reads the values of {@code topic} with its deserializer. */
  private static <V> List<V> readAll(
      String bootstrapServers, Topic<?, V> topic, String registryUrl) {
    return readAll(
        bootstrapServers,
        topic.name(),
        topic.valueDeserializer(Map.of(SchemaRegistrySettings.URL, registryUrl)));
  }

  /** Reads {@code topic} from the beginning to its last stable offset on every partition. */
  private static <T> List<T> readAll(
      String bootstrapServers, String topic, Deserializer<T> deserializer) {
    Properties props = new Properties();
    props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    List<T> values = new ArrayList<>();
    try (KafkaConsumer<byte[], T> consumer =
        new KafkaConsumer<>(props, new ByteArrayDeserializer(), deserializer)) {
      List<TopicPartition> partitions =
          consumer.partitionsFor(topic).stream()
              .map(p -> new TopicPartition(topic, p.partition()))
              .toList();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      // With read_committed, the end offsets are the last stable offsets.
      Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
      long deadline = System.nanoTime() + READ_LIMIT.toNanos();
      while (!reached(consumer, ends)) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException(
              "could not read " + topic + " to " + ends + " within " + READ_LIMIT);
        }
        for (ConsumerRecord<byte[], T> record : consumer.poll(Duration.ofMillis(200))) {
          values.add(record.value());
        }
      }
    }
    return values;
  }

  private static boolean reached(KafkaConsumer<?, ?> consumer, Map<TopicPartition, Long> ends) {
    return ends.entrySet().stream().allMatch(e -> consumer.position(e.getKey()) >= e.getValue());
  }

  /** The burn-rate evaluations of one SLO, in the order they were published. */
  List<BurnRateEvaluation> burnRatesOf(String sloId) {
    return burnRates.stream().filter(e -> e.getSloId().equals(sloId)).toList();
  }
}
