package io.slipstream.localstack;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.stream.Collectors;

/**
 * The server configuration of each node of a {@link KafkaCluster}: a KRaft cluster on loopback
 * ports whose first nodes (up to three) are combined broker and controller nodes forming a static
 * controller quorum, the others brokers only.
 *
 * <p>Everything a cluster replicates is replicated as a production cluster would do it: topics and
 * the offsets, transaction and share-state topics with the given replication factor and minimum of
 * in-sync replicas.
 */
final class KafkaClusterProperties {

  static final String BROKER_LISTENER = "PLAINTEXT";
  static final String CONTROLLER_LISTENER = "CONTROLLER";

  /** At most this many nodes are controllers: a quorum of three survives the loss of one. */
  static final int MAX_VOTERS = 3;

  /*
   * As for the single broker (see KafkaBrokerProperties): internal topics have 50 partitions by
   * default, each of them three logs to open and replicate here; five coordinators are plenty.
   */
  private static final String INTERNAL_TOPIC_PARTITIONS = "5";

  /*
   * How long the active controller waits for a broker's heartbeat before it fences the broker,
   * which moves the leadership of its partitions and takes it out of their in-sync replicas. Until
   * then, writes to partitions it leads fail, and writes needing acks=all from partitions it
   * follows wait: this bounds the stall a killed node causes. Kafka's default is 9 s (heartbeats
   * every 2 s), sized for networks and GC pauses of production; on loopback, 4 s (heartbeats every
   * 0.5 s) still tolerates a JVM that stalls for seconds on a busy machine.
   */
  static final String BROKER_SESSION_TIMEOUT_MS = "4000";

  static final String BROKER_HEARTBEAT_INTERVAL_MS = "500";

  /** One node's identity, addresses and storage. */
  record Node(int id, int brokerPort, int controllerPort, Path logDir, Optional<String> rack) {
    String brokerAddress() {
      return "127.0.0.1:" + brokerPort;
    }
  }

  private KafkaClusterProperties() {}

  /** The nodes that vote in the controller quorum: the first three (or all, if fewer). */
  static List<Node> voters(List<Node> nodes) {
    return nodes.subList(0, Math.min(MAX_VOTERS, nodes.size()));
  }

  /**
   * Builds the server properties of {@code node}.
   *
   * @param node the node
   * @param nodes every node of the cluster, the first ones the controller quorum
   * @param replicationFactor of new topics and of the internal topics
   * @param minInsyncReplicas the cluster's {@code min.insync.replicas}, and that of the transaction
   *     state topic
   * @param autoCreateTopics whether producing to or asking metadata for an unknown topic creates it
   * @param overrides applied last; they win over every value set here
   * @throws IllegalArgumentException if the replication does not fit the cluster
   */
  static Properties build(
      Node node,
      List<Node> nodes,
      int replicationFactor,
      int minInsyncReplicas,
      boolean autoCreateTopics,
      Map<String, String> overrides) {
    if (replicationFactor < 1 || replicationFactor > nodes.size()) {
      throw new IllegalArgumentException(
          "the replication factor must be between 1 and the "
              + nodes.size()
              + " nodes, was "
              + replicationFactor);
    }
    if (minInsyncReplicas < 1 || minInsyncReplicas > replicationFactor) {
      throw new IllegalArgumentException(
          "min.insync.replicas must be between 1 and the replication factor "
              + replicationFactor
              + ", was "
              + minInsyncReplicas);
    }
    List<Node> voters = voters(nodes);
    boolean controller = voters.contains(node);
    Properties props = new Properties();
    props.put("process.roles", controller ? "broker,controller" : "broker");
    props.put("node.id", String.valueOf(node.id()));
    // A static quorum: every node knows the voters from its configuration, so all of them can be
    // formatted alike and started at once.
    props.put(
        "controller.quorum.voters",
        voters.stream()
            .map(v -> v.id() + "@127.0.0.1:" + v.controllerPort())
            .collect(Collectors.joining(",")));
    String listeners = BROKER_LISTENER + "://" + node.brokerAddress();
    if (controller) {
      listeners += "," + CONTROLLER_LISTENER + "://127.0.0.1:" + node.controllerPort();
    }
    props.put("listeners", listeners);
    props.put("advertised.listeners", BROKER_LISTENER + "://" + node.brokerAddress());
    props.put("controller.listener.names", CONTROLLER_LISTENER);
    props.put("inter.broker.listener.name", BROKER_LISTENER);
    props.put(
        "listener.security.protocol.map",
        BROKER_LISTENER + ":PLAINTEXT," + CONTROLLER_LISTENER + ":PLAINTEXT");
    props.put("log.dirs", node.logDir().toAbsolutePath().toString());
    node.rack().ifPresent(rack -> props.put("broker.rack", rack));
    if (nodes.stream().anyMatch(n -> n.rack().isPresent())) {
      // Consumers that name their rack (client.rack) fetch from a replica in it, leader or not.
      props.put(
          "replica.selector.class", "org.apache.kafka.common.replica.RackAwareReplicaSelector");
    }

    String replicas = String.valueOf(replicationFactor);
    String minIsr = String.valueOf(minInsyncReplicas);
    props.put("default.replication.factor", replicas);
    props.put("min.insync.replicas", minIsr);
    props.put("offsets.topic.replication.factor", replicas);
    props.put("offsets.topic.num.partitions", INTERNAL_TOPIC_PARTITIONS);
    props.put("transaction.state.log.replication.factor", replicas);
    props.put("transaction.state.log.min.isr", minIsr);
    props.put("transaction.state.log.num.partitions", INTERNAL_TOPIC_PARTITIONS);
    props.put("share.coordinator.state.topic.replication.factor", replicas);
    props.put("share.coordinator.state.topic.min.isr", minIsr);

    props.put("broker.session.timeout.ms", BROKER_SESSION_TIMEOUT_MS);
    props.put("broker.heartbeat.interval.ms", BROKER_HEARTBEAT_INTERVAL_MS);
    // The default 3 s delay waits for more group members to join; tests cannot afford it.
    props.put("group.initial.rebalance.delay.ms", "0");
    props.put("auto.create.topics.enable", String.valueOf(autoCreateTopics));

    props.putAll(overrides);
    return props;
  }
}
