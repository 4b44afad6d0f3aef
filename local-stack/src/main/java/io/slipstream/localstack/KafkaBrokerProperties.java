package io.slipstream.localstack;

import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;

/**
 * The configuration of a single-node KRaft server that is broker and controller at once, bound to
 * loopback ports.
 *
 * <p>Everything that a multi-node cluster would replicate is set to one replica, so that
 * exactly-once Kafka Streams (transactions, offsets, share-group state) works against one node.
 */
final class KafkaBrokerProperties {

  static final String BROKER_LISTENER = "PLAINTEXT";
  static final String SASL_LISTENER = "SASL_PLAINTEXT";
  static final String SSL_LISTENER = "SSL";
  static final String SCRAM_MECHANISM = "SCRAM-SHA-512";
  static final String CONTROLLER_LISTENER = "CONTROLLER";
  static final int NODE_ID = 1;

  /*
   * Internal topics are created with 50 partitions by default. On one node every partition is a
   * log the broker must open, so a smaller count makes the first consumer group and the first
   * transaction start quickly; tests never need more coordinators than this.
   */
  private static final String INTERNAL_TOPIC_PARTITIONS = "5";

  private KafkaBrokerProperties() {}

  /**
   * Builds the server properties.
   *
   * @param brokerPort port of the PLAINTEXT listener that clients use
   * @param controllerPort port of the CONTROLLER listener that only the node itself uses
   * @param logDir the directory the node stores its logs and metadata in
   * @param autoCreateTopics whether producing to or fetching metadata for an unknown topic creates
   *     it
   * @param overrides applied last; they win over every value set here
   */
  static Properties build(
      int brokerPort,
      int controllerPort,
      Path logDir,
      boolean autoCreateTopics,
      Map<String, String> overrides) {
    Properties props = new Properties();
    props.put("process.roles", "broker,controller");
    props.put("node.id", String.valueOf(NODE_ID));
    // A dynamic quorum (formatted with --standalone) is configured by bootstrap servers, not
    // voters.
    props.put("controller.quorum.bootstrap.servers", "127.0.0.1:" + controllerPort);
    props.put(
        "listeners",
        BROKER_LISTENER
            + "://127.0.0.1:"
            + brokerPort
            + ","
            + CONTROLLER_LISTENER
            + "://127.0.0.1:"
            + controllerPort);
    props.put("advertised.listeners", BROKER_LISTENER + "://127.0.0.1:" + brokerPort);
    props.put("controller.listener.names", CONTROLLER_LISTENER);
    props.put("inter.broker.listener.name", BROKER_LISTENER);
    props.put(
        "listener.security.protocol.map",
        BROKER_LISTENER + ":PLAINTEXT," + CONTROLLER_LISTENER + ":PLAINTEXT");
    props.put("log.dirs", logDir.toAbsolutePath().toString());

    // One node: every replication factor and min ISR must be 1 or topics cannot be created.
    props.put("default.replication.factor", "1");
    props.put("min.insync.replicas", "1");
    props.put("offsets.topic.replication.factor", "1");
    props.put("offsets.topic.num.partitions", INTERNAL_TOPIC_PARTITIONS);
    props.put("transaction.state.log.replication.factor", "1");
    props.put("transaction.state.log.min.isr", "1");
    props.put("transaction.state.log.num.partitions", INTERNAL_TOPIC_PARTITIONS);
    props.put("share.coordinator.state.topic.replication.factor", "1");
    props.put("share.coordinator.state.topic.min.isr", "1");

    // The default 3 s delay waits for more group members to join; tests cannot afford it.
    props.put("group.initial.rebalance.delay.ms", "0");
    props.put("auto.create.topics.enable", String.valueOf(autoCreateTopics));

    props.putAll(overrides);
    return props;
  }

  /**
   * Adds a {@code SASL_PLAINTEXT} listener on {@code saslPort} that authenticates clients with
   * SCRAM-SHA-512. The PLAINTEXT listener stays, for the node itself; credentials are created when
   * the log directory is formatted. No authorizer: an authenticated client may do anything.
   */
  static void addScramListener(Properties props, int saslPort) {
    addListener(props, SASL_LISTENER, "SASL_PLAINTEXT", saslPort);
    props.put("sasl.enabled.mechanisms", SCRAM_MECHANISM);
    // The broker side of SCRAM needs a login module but no credentials of its own.
    props.put(
        "listener.name.sasl_plaintext.scram-sha-512.sasl.jaas.config",
        "org.apache.kafka.common.security.scram.ScramLoginModule required;");
  }

  /**
   * Adds an {@code SSL} listener on {@code sslPort} whose certificate and key are in the PKCS12
   * {@code keystore}; clients are not asked for certificates.
   */
  static void addSslListener(Properties props, int sslPort, Path keystore, String password) {
    addListener(props, SSL_LISTENER, "SSL", sslPort);
    props.put("listener.name.ssl.ssl.keystore.type", "PKCS12");
    props.put("listener.name.ssl.ssl.keystore.location", keystore.toAbsolutePath().toString());
    props.put("listener.name.ssl.ssl.keystore.password", password);
    props.put("listener.name.ssl.ssl.key.password", password);
  }

  private static void addListener(Properties props, String name, String protocol, int port) {
    String address = name + "://127.0.0.1:" + port;
    props.put("listeners", props.getProperty("listeners") + "," + address);
    props.put("advertised.listeners", props.getProperty("advertised.listeners") + "," + address);
    props.put(
        "listener.security.protocol.map",
        props.getProperty("listener.security.protocol.map") + "," + name + ":" + protocol);
  }
}
