package io.slipstream.bench;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * Reads how far a consumer group (a Streams application id) has committed on one topic, through the
 * Admin API, the way an operator watching lag would.
 */
final class CommittedOffsets implements AutoCloseable {
  private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(5);

  private final Admin admin;
  private final String groupId;
  private final String topic;

  CommittedOffsets(String bootstrapServers, String groupId, String topic) {
    this.admin =
        Admin.create(
            Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrapServers,
                AdminClientConfig.CLIENT_ID_CONFIG,
                "bench-progress-" + groupId));
    this.groupId = groupId;
    this.topic = topic;
  }

  /**
   * The sum of the group's committed offsets over the topic's partitions: the number of records it
   * has finished with, since the topic starts at offset 0. 0 before the first commit.
   *
   * @throws IllegalStateException if the broker does not answer within 5 s
   */
  long committed() {
    Map<TopicPartition, OffsetAndMetadata> offsets;
    try {
      offsets =
          admin
              .listConsumerGroupOffsets(groupId)
              .partitionsToOffsetAndMetadata()
              .get(REQUEST_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException("cannot read the committed offsets of " + groupId, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted reading offsets of " + groupId, e);
    }
    long sum = 0;
    for (Map.Entry<TopicPartition, OffsetAndMetadata> entry : offsets.entrySet()) {
      if (entry.getKey().topic().equals(topic) && entry.getValue() != null) {
        sum += entry.getValue().offset();
      }
    }
    return sum;
  }

  @Override
  public void close() {
    admin.close(Duration.ofSeconds(10));
  }
}
