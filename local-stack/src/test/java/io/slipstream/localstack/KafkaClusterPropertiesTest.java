package io.slipstream.localstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class KafkaClusterPropertiesTest {

  private static List<KafkaClusterProperties.Node> nodes(int count) {
    List<KafkaClusterProperties.Node> nodes = new ArrayList<>();
    for (int id = 1; id <= count; id++) {
      nodes.add(
          new KafkaClusterProperties.Node(
              id,
              9000 + id,
              9100 + id,
              Path.of("/tmp/cluster/node-" + id + "/logs"),
              Optional.of("rack-" + (char) ('a' + id - 1))));
    }
    return nodes;
  }

  private static Properties build(
      int node, List<KafkaClusterProperties.Node> nodes, int replicas, int minIsr) {
    return KafkaClusterProperties.build(
        nodes.get(node - 1), nodes, replicas, minIsr, true, Map.of());
  }

  @Test
  void shouldMakeEveryNodeOfAThreeNodeClusterABrokerAndAControllerVoter() {
    List<KafkaClusterProperties.Node> nodes = nodes(3);
    for (int id = 1; id <= 3; id++) {
      Properties props = build(id, nodes, 3, 2);
      assertThat(props)
          .containsEntry("process.roles", "broker,controller")
          .containsEntry("node.id", String.valueOf(id))
          .containsEntry(
              "controller.quorum.voters", "1@127.0.0.1:9101,2@127.0.0.1:9102,3@127.0.0.1:9103")
          .containsEntry(
              "listeners",
              "PLAINTEXT://127.0.0.1:" + (9000 + id) + ",CONTROLLER://127.0.0.1:" + (9100 + id))
          .containsEntry("advertised.listeners", "PLAINTEXT://127.0.0.1:" + (9000 + id))
          .containsEntry("log.dirs", "/tmp/cluster/node-" + id + "/logs");
    }
  }

  @Test
  void shouldReplicateTopicsOffsetsAndTransactionStateThreeTimesWithTwoInSync() {
    assertThat(build(1, nodes(3), 3, 2))
        .containsEntry("default.replication.factor", "3")
        .containsEntry("min.insync.replicas", "2")
        .containsEntry("offsets.topic.replication.factor", "3")
        .containsEntry("transaction.state.log.replication.factor", "3")
        .containsEntry("transaction.state.log.min.isr", "2")
        .containsEntry("share.coordinator.state.topic.replication.factor", "3")
        .containsEntry("share.coordinator.state.topic.min.isr", "2");
  }

  @Test
  void shouldKeepTheQuorumAtThreeVotersAndMakeFurtherNodesBrokersOnly() {
    List<KafkaClusterProperties.Node> nodes = nodes(5);
    Properties fifth = build(5, nodes, 3, 2);

    assertThat(KafkaClusterProperties.voters(nodes))
        .extracting(n -> n.id())
        .containsExactly(1, 2, 3);
    assertThat(fifth)
        .containsEntry("process.roles", "broker")
        .containsEntry("listeners", "PLAINTEXT://127.0.0.1:9005")
        .containsEntry(
            "controller.quorum.voters", "1@127.0.0.1:9101,2@127.0.0.1:9102,3@127.0.0.1:9103");
  }

  @Test
  void shouldGiveEachNodeItsRackAndLetConsumersReadFromTheirOwnRack() {
    Properties second = build(2, nodes(3), 3, 2);

    assertThat(second)
        .containsEntry("broker.rack", "rack-b")
        .containsEntry(
            "replica.selector.class", "org.apache.kafka.common.replica.RackAwareReplicaSelector");
  }

  @Test
  void shouldSetNoRackWhenNoneIsGiven() {
    List<KafkaClusterProperties.Node> nodes =
        nodes(3).stream()
            .map(
                n ->
                    new KafkaClusterProperties.Node(
                        n.id(), n.brokerPort(), n.controllerPort(), n.logDir(), Optional.empty()))
            .toList();

    assertThat(build(1, nodes, 3, 2))
        .doesNotContainKey("broker.rack")
        .doesNotContainKey("replica.selector.class");
  }

  @Test
  void shouldFenceASilentBrokerAfterFourSeconds() {
    assertThat(build(1, nodes(3), 3, 2))
        .containsEntry("broker.session.timeout.ms", "4000")
        .containsEntry("broker.heartbeat.interval.ms", "500");
  }

  @Test
  void shouldLetOverridesWin() {
    List<KafkaClusterProperties.Node> nodes = nodes(3);
    Properties props =
        KafkaClusterProperties.build(
            nodes.get(0), nodes, 3, 2, false, Map.of("broker.session.timeout.ms", "9000"));

    assertThat(props)
        .containsEntry("broker.session.timeout.ms", "9000")
        .containsEntry("auto.create.topics.enable", "false");
  }

  @Test
  void shouldRefuseReplicationTheNodesCannotHold() {
    List<KafkaClusterProperties.Node> nodes = nodes(2);

    assertThatThrownBy(() -> build(1, nodes, 3, 2))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("between 1 and the 2 nodes");
    assertThatThrownBy(() -> build(1, nodes, 2, 3))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("min.insync.replicas");
  }
}
