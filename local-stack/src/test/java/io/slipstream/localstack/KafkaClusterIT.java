package io.slipstream.localstack;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Three nodes in their own JVMs: topics replicated three times with two in sync required, the
 * active controller (made leader of a partition first) killed with SIGKILL while records are
 * written (every acknowledged one is kept, a new controller takes over), the node restarted on its
 * ports and log directory until it is back in every ISR, and nothing left running once the cluster
 * is closed. Uses its own cluster: killing a node of the shared one would disturb other tests.
 */
@Tag("integration")
class KafkaClusterIT {
  private static final Duration LIMIT = Duration.ofSeconds(60);
  private static final String TOPIC = "cluster-check";

  @Test
  void shouldKeepEveryAcknowledgedRecordWhenTheActiveControllerIsKilledAndRestarted()
      throws Exception {
    List<Long> pids = new ArrayList<>();
    KafkaCluster cluster =
        KafkaCluster.builder()
            .autoCreateTopics(false)
            .rack(1, "rack-a")
            .rack(2, "rack-b")
            .rack(3, "rack-c")
            .start();
    try (cluster;
        Admin admin = admin(cluster);
        KafkaProducer<String, String> producer = producer(cluster)) {
      System.out.println(
          "KafkaClusterIT: 3 nodes started in " + cluster.startupTime().toMillis() + " ms");
      cluster.nodeIds().forEach(id -> pids.add(cluster.pid(id)));
      admin
          .createTopics(List.of(new NewTopic(TOPIC, Optional.of(3), Optional.empty())))
          .all()
          .get(30, TimeUnit.SECONDS);
      TopicDescription described =
          admin.describeTopics(List.of(TOPIC)).allTopicNames().get(30, TimeUnit.SECONDS).get(TOPIC);
      assertThat(described.partitions())
          .allSatisfy(p -> assertThat(p.replicas()).as("replicas of %s", p).hasSize(3));
      ConfigResource topic = new ConfigResource(ConfigResource.Type.TOPIC, TOPIC);
      Config config =
          admin.describeConfigs(List.of(topic)).all().get(30, TimeUnit.SECONDS).get(topic);
      assertThat(config.get("min.insync.replicas").value()).isEqualTo("2");
      assertThat(cluster.rack(2)).contains("rack-b");

      List<String> written = new ArrayList<>(send(producer, 0, 300));
      int controller = cluster.activeController();
      cluster.makeLeader(TOPIC, 0, controller);
      assertThat(cluster.leaderOf(TOPIC, 0)).hasValue(controller);
      cluster.kill(controller);
      assertThat(cluster.isRunning(controller)).isFalse();
      // acks=all with two of three replicas left: every record is accepted once the dead node is
      // fenced and its partitions have new leaders.
      long killedAt = System.nanoTime();
      written.addAll(send(producer, 300, 600));
      System.out.printf(
          "KafkaClusterIT: 300 records acknowledged %d ms after node %d was killed%n",
          TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - killedAt), controller);
      int newController = cluster.activeController();
      assertThat(newController).as("the new active controller").isNotEqualTo(controller);
      assertThat(cluster.leaderOf(TOPIC, 0).orElse(-1))
          .as("the new leader")
          .isNotEqualTo(controller);
      // Creating a topic needs a working controller quorum.
      admin
          .createTopics(
              List.of(new NewTopic(TOPIC + "-after-kill", Optional.of(1), Optional.empty())))
          .all()
          .get(30, TimeUnit.SECONDS);

      cluster.restart(controller);
      cluster.awaitInSync(LIMIT);
      for (TopicPartitionInfo partition :
          admin
              .describeTopics(List.of(TOPIC))
              .allTopicNames()
              .get(30, TimeUnit.SECONDS)
              .get(TOPIC)
              .partitions()) {
        assertThat(partition.isr()).as("in-sync replicas of %s", partition).hasSize(3);
      }
      written.addAll(send(producer, 600, 900));

      // A clean stop of a broker that is not the active controller: its leaderships move away
      // before it goes.
      int stopped = cluster.nodeIds().stream().filter(id -> id != newController).findFirst().get();
      cluster.stop(stopped);
      long stoppedAt = System.nanoTime();
      written.addAll(send(producer, 900, 1200));
      System.out.printf(
          "KafkaClusterIT: 300 records acknowledged %d ms after node %d stopped cleanly%n",
          TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - stoppedAt), stopped);
      cluster.restart(stopped);
      cluster.awaitInSync(LIMIT);

      assertThat(readAll(cluster)).containsExactlyInAnyOrderElementsOf(written);
    }
    for (long pid : pids) {
      assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive))
          .as("node process %d after close", pid)
          .isNotEqualTo(Optional.of(true));
    }
  }

  private static List<String> send(KafkaProducer<String, String> producer, int from, int to)
      throws Exception {
    List<Future<RecordMetadata>> acks = new ArrayList<>();
    List<String> values = new ArrayList<>();
    for (int i = from; i < to; i++) {
      String value = "record-" + i;
      values.add(value);
      acks.add(producer.send(new ProducerRecord<>(TOPIC, "key-" + i, value)));
    }
    for (Future<RecordMetadata> ack : acks) {
      ack.get(LIMIT.toMillis(), TimeUnit.MILLISECONDS);
    }
    return values;
  }

  private static List<String> readAll(KafkaCluster cluster) {
    List<String> values = new ArrayList<>();
    try (KafkaConsumer<String, String> consumer =
        new KafkaConsumer<>(
            Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers()),
            new StringDeserializer(),
            new StringDeserializer())) {
      List<TopicPartition> partitions =
          List.of(
              new TopicPartition(TOPIC, 0),
              new TopicPartition(TOPIC, 1),
              new TopicPartition(TOPIC, 2));
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
      long deadline = System.nanoTime() + LIMIT.toNanos();
      while (partitions.stream().anyMatch(p -> consumer.position(p) < ends.get(p))) {
        assertThat(System.nanoTime()).as("read within %s", LIMIT).isLessThan(deadline);
        for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
          values.add(record.value());
        }
      }
    }
    return values;
  }

  private static Admin admin(KafkaCluster cluster) {
    return Admin.create(
        Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers()));
  }

  private static KafkaProducer<String, String> producer(KafkaCluster cluster) {
    Map<String, Object> config = new HashMap<>();
    config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers());
    config.put(ProducerConfig.ACKS_CONFIG, "all");
    config.put(ProducerConfig.LINGER_MS_CONFIG, 5);
    return new KafkaProducer<>(config, new StringSerializer(), new StringSerializer());
  }
}
