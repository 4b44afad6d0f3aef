package io.slipstream.localstack;

/**
 * A running Kafka cluster and Confluent-compatible schema registry, however they were obtained:
 * embedded in this JVM, in Docker containers, or external. Obtain one with {@link
 * LocalStacks#fromEnvironment()} or, in tests, from {@link LocalStackExtension}.
 */
public interface LocalStack extends AutoCloseable {

  /** Returns the {@code bootstrap.servers} value for Kafka clients, e.g. {@code 127.0.0.1:9092}. */
  String bootstrapServers();

  /**
   * Returns the base URL of the Confluent Schema Registry REST API, without a trailing slash: the
   * server root for Confluent's registry, {@code .../apis/ccompat/v7} for Apicurio. Clients append
   * paths such as {@code /subjects/{subject}/versions}.
   */
  String schemaRegistryUrl();

  /** Returns a one-line description for logs, e.g. which kind of stack and where. */
  String description();

  /** Stops whatever this stack started; stops nothing it merely connected to. Idempotent. */
  @Override
  void close();
}
