package io.slipstream.alertmanager.bridge;

import io.slipstream.alertmanager.config.BridgeConfig;
import io.slipstream.avro.SloAlert;
import io.slipstream.contracts.Topic;
import io.slipstream.contracts.Topics;
import io.slipstream.localstack.LocalStack;
import io.slipstream.localstack.TestResources;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/** Kafka clients and bridge configuration for the bridge's integration tests. */
final class BridgeTestClients {
  private BridgeTestClients() {}

  /** A bridge configuration on the test's own topics and group, re-sending every {@code resend}. */
  static BridgeConfig config(
      LocalStack stack, TestResources resources, String groupId, Duration resend, URI... urls) {
    List<String> joined = new ArrayList<>();
    for (URI url : urls) {
      joined.add(url.toString());
    }
    Map<String, String> values = new HashMap<>();
    values.put("bootstrap.servers", stack.bootstrapServers());
    values.put("group.id", groupId);
    values.put(BridgeConfig.SCHEMA_REGISTRY_URL, stack.schemaRegistryUrl());
    values.put(BridgeConfig.ALERTMANAGER_URL, String.join(",", joined));
    values.put(BridgeConfig.ALERTS_TOPIC, resources.topic("slo-alerts"));
    values.put(BridgeConfig.ALERTS_DLQ_TOPIC, resources.topic("slo-alerts-dlq"));
    values.put(BridgeConfig.RESEND_INTERVAL, resend.toMillis() + "ms");
    values.put(BridgeConfig.RETRY_INITIAL_BACKOFF, "50ms");
    values.put(BridgeConfig.RETRY_MAX_BACKOFF, "200ms");
    return BridgeConfig.fromMap(values);
  }

  /** A producer of alerts with the serdes of the catalogue's alert topic, as the processor's. */
  static Producer<String, SloAlert> alertProducer(LocalStack stack) {
    Topic<String, SloAlert> alerts = Topics.defaults().sloAlerts();
    Map<String, Object> serdeConfig = Map.of("schema.registry.url", stack.schemaRegistryUrl());
    return new KafkaProducer<>(
        Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers()),
        alerts.keySerializer(serdeConfig),
        alerts.valueSerializer(serdeConfig));
  }

  static Producer<byte[], byte[]> rawProducer(LocalStack stack) {
    return new KafkaProducer<>(
        Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers()),
        new ByteArraySerializer(),
        new ByteArraySerializer());
  }

  /** Reads every record of {@code topic}'s partition 0 from the beginning. */
  static List<ConsumerRecord<byte[], byte[]>> readAll(LocalStack stack, String topic) {
    List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
    try (KafkaConsumer<byte[], byte[]> consumer =
        new KafkaConsumer<>(
            Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                stack.bootstrapServers(),
                ConsumerConfig.ISOLATION_LEVEL_CONFIG,
                "read_committed"),
            new ByteArrayDeserializer(),
            new ByteArrayDeserializer())) {
      TopicPartition partition = new TopicPartition(topic, 0);
      consumer.assign(List.of(partition));
      consumer.seekToBeginning(List.of(partition));
      long end = consumer.endOffsets(List.of(partition)).get(partition);
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      while (consumer.position(partition) < end && System.nanoTime() < deadline) {
        consumer.poll(Duration.ofMillis(100)).forEach(records::add);
      }
    }
    return records;
  }

  /** Returns the group's committed offsets: partition → next offset to read. */
  static Map<TopicPartition, Long> committedOffsets(LocalStack stack, String groupId)
      throws Exception {
    try (Admin admin =
        Admin.create(
            Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers()))) {
      Map<TopicPartition, OffsetAndMetadata> offsets =
          admin
              .listConsumerGroupOffsets(groupId)
              .partitionsToOffsetAndMetadata()
              .get(10, TimeUnit.SECONDS);
      Map<TopicPartition, Long> result = new HashMap<>();
      offsets.forEach(
          (partition, offset) -> {
            if (offset != null) {
              result.put(partition, offset.offset());
            }
          });
      return result;
    }
  }
}
