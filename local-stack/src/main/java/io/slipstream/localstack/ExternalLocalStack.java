package io.slipstream.localstack;

/** A cluster and registry that run elsewhere; this class only holds their addresses. */
record ExternalLocalStack(String bootstrapServers, String schemaRegistryUrl) implements LocalStack {

  @Override
  public String description() {
    return "external Kafka at " + bootstrapServers + ", schema registry at " + schemaRegistryUrl;
  }

  /** Does nothing: the cluster and registry belong to someone else. */
  @Override
  public void close() {}
}
