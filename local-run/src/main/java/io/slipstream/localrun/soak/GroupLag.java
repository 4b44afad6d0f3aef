package io.slipstream.localrun.soak;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * How far a consumer group's committed offsets trail the end of a topic, asked of the cluster
 * through one admin client kept open between samples.
 */
final class GroupLag implements AutoCloseable {
  private static final long TIMEOUT_SECONDS = 10;

  private final Admin admin;
  private final String group;
  private final String topic;

  GroupLag(String bootstrapServers, String group, String topic) {
    this.admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers));
    this.group = group;
    this.topic = topic;
  }

  /**
   * Records of the topic the group has not committed; a partition it never committed counts from
   * offset 0.
   *
   * @throws IllegalStateException if the cluster does not answer within 10 s
   */
  long records() {
    try {
      Map<TopicPartition, OffsetAndMetadata> committed =
          admin
              .listConsumerGroupOffsets(group)
              .partitionsToOffsetAndMetadata()
              .get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
      Set<TopicPartition> partitions =
          admin
              .describeTopics(Set.of(topic))
              .allTopicNames()
              .get(TIMEOUT_SECONDS, TimeUnit.SECONDS)
              .get(topic)
              .partitions()
              .stream()
              .map(p -> new TopicPartition(topic, p.partition()))
              .collect(Collectors.toSet());
      Map<TopicPartition, OffsetSpec> latest =
          partitions.stream().collect(Collectors.toMap(p -> p, p -> OffsetSpec.latest()));
      long lag = 0;
      for (var end :
          admin.listOffsets(latest).all().get(TIMEOUT_SECONDS, TimeUnit.SECONDS).entrySet()) {
        OffsetAndMetadata offset = committed.get(end.getKey());
        lag += end.getValue().offset() - (offset == null ? 0 : offset.offset());
      }
      return lag;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while asking for the lag of " + group, e);
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException("could not read the lag of " + group + " on " + topic, e);
    }
  }

  @Override
  public void close() {
    admin.close();
  }
}
