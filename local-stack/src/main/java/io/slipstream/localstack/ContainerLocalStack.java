package io.slipstream.localstack;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.Network;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.kafka.KafkaContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * The stack where a Docker engine is reachable: Apache Kafka and Confluent's own Schema Registry in
 * containers on one Docker network, so the serde is also tested against the real Confluent API.
 * Testcontainers' Ryuk removes the containers even if this JVM dies.
 */
final class ContainerLocalStack implements LocalStack {

  /* Kafka 4.x in KRaft mode, like the embedded broker; clients are 4.3.1 either way. */
  static final DockerImageName KAFKA_IMAGE = DockerImageName.parse("apache/kafka:4.1.0");
  static final DockerImageName SCHEMA_REGISTRY_IMAGE =
      DockerImageName.parse("confluentinc/cp-schema-registry:7.9.0");

  private static final Logger LOG = LoggerFactory.getLogger(ContainerLocalStack.class);
  private static final String KAFKA_ALIAS = "kafka";
  /* A second listener that containers on the network reach by alias; the host uses the first. */
  private static final String KAFKA_NETWORK_LISTENER = KAFKA_ALIAS + ":19092";
  private static final int SCHEMA_REGISTRY_PORT = 8081;

  private final Network network;
  private final KafkaContainer kafka;
  private final GenericContainer<?> schemaRegistry;

  private ContainerLocalStack(
      Network network, KafkaContainer kafka, GenericContainer<?> schemaRegistry) {
    this.network = network;
    this.kafka = kafka;
    this.schemaRegistry = schemaRegistry;
  }

  /**
   * Pulls (if needed) and starts both containers; the registry after Kafka, which it stores its
   * schemas in.
   *
   * @throws RuntimeException from Testcontainers if a container does not start; whatever started is
   *     stopped again
   */
  static ContainerLocalStack start() {
    Network network = Network.newNetwork();
    KafkaContainer kafka =
        new KafkaContainer(KAFKA_IMAGE)
            .withNetwork(network)
            .withNetworkAliases(KAFKA_ALIAS)
            .withListener(KAFKA_NETWORK_LISTENER);
    GenericContainer<?> schemaRegistry =
        new GenericContainer<>(SCHEMA_REGISTRY_IMAGE)
            .withNetwork(network)
            .withExposedPorts(SCHEMA_REGISTRY_PORT)
            .withEnv("SCHEMA_REGISTRY_HOST_NAME", "schema-registry")
            .withEnv("SCHEMA_REGISTRY_LISTENERS", "http://0.0.0.0:" + SCHEMA_REGISTRY_PORT)
            .withEnv("SCHEMA_REGISTRY_KAFKASTORE_BOOTSTRAP_SERVERS", KAFKA_NETWORK_LISTENER)
            .dependsOn(kafka)
            .waitingFor(Wait.forHttp("/subjects").forStatusCode(200));
    ContainerLocalStack stack = new ContainerLocalStack(network, kafka, schemaRegistry);
    try {
      schemaRegistry.start(); // starts Kafka first, through dependsOn
    } catch (RuntimeException e) {
      try {
        stack.close();
      } catch (RuntimeException stopFailure) {
        e.addSuppressed(stopFailure);
      }
      throw e;
    }
    LOG.info("Container local stack ready: {}", stack.description());
    return stack;
  }

  @Override
  public String bootstrapServers() {
    return kafka.getBootstrapServers();
  }

  /** Confluent's registry serves its API at the server root, unlike Apicurio's ccompat path. */
  @Override
  public String schemaRegistryUrl() {
    return "http://"
        + schemaRegistry.getHost()
        + ":"
        + schemaRegistry.getMappedPort(SCHEMA_REGISTRY_PORT);
  }

  @Override
  public String description() {
    return "containers "
        + KAFKA_IMAGE
        + " at "
        + bootstrapServers()
        + ", "
        + SCHEMA_REGISTRY_IMAGE
        + " at "
        + schemaRegistryUrl();
  }

  /** Stops the registry, then Kafka, then removes the network. */
  @Override
  public void close() {
    schemaRegistry.stop();
    kafka.stop();
    network.close();
  }
}
