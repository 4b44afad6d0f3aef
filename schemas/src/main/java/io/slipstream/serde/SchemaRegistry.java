package io.slipstream.serde;

import org.apache.avro.Schema;

/**
 * What the serdes need of a Confluent-compatible schema registry: register or find a writer's
 * schema's id, and read a schema by id. {@link SchemaRegistryClient} talks to a real registry over
 * HTTP; {@link InMemorySchemaRegistry} keeps schemas in the process, for tests that need no
 * registry.
 */
public interface SchemaRegistry {
  /**
   * Registers {@code schema} under {@code subject}, or finds it if it is already registered.
   *
   * @return the schema's global id
   * @throws SchemaRegistryException 409 when it is incompatible with the subject's latest version
   */
  int register(String subject, Schema schema);

  /**
   * Finds the id of {@code schema} under {@code subject} without registering it.
   *
   * @throws SchemaRegistryException 40401 unknown subject, 40403 schema not registered under it
   */
  int lookUpId(String subject, Schema schema);

  /**
   * The schema with global id {@code id}.
   *
   * @throws SchemaRegistryException 40403 when no schema has this id
   */
  Schema schemaById(int id);

  /**
   * The registry {@code settings} name: in memory for a {@code mem://<scope>} URL (every serde
   * configured with the same scope shares one), over HTTP otherwise.
   */
  static SchemaRegistry connect(SchemaRegistrySettings settings) {
    java.net.URI first = settings.urls().get(0);
    return InMemorySchemaRegistry.SCHEME.equals(first.getScheme())
        ? InMemorySchemaRegistry.scope(
            first.getHost() == null ? first.getAuthority() : first.getHost())
        : new SchemaRegistryClient(settings);
  }
}
