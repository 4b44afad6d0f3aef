package io.slipstream.serde;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;

/**
 * A schema registry held in the process, under a scope name: serdes configured with {@code
 * schema.registry.url=mem://<scope>} share one, so topology and engine tests need neither a broker
 * nor a registry. Like a registry with the default rule, a subject accepts a new version only if it
 * can read the data of its latest one (BACKWARD); ids are global and an identical schema keeps its
 * id. Thread-safe.
 */
public final class InMemorySchemaRegistry implements SchemaRegistry {
  /** The URL scheme that selects an in-memory registry. */
  public static final String SCHEME = "mem";

  private static final Map<String, InMemorySchemaRegistry> SCOPES = new ConcurrentHashMap<>();

  private final Map<String, List<Schema>> versions = new HashMap<>();
  private final Map<Schema, Integer> ids = new HashMap<>();
  private final List<Schema> byId = new ArrayList<>();

  private InMemorySchemaRegistry() {}

  /** The registry of {@code scope}, created empty on first use. */
  public static InMemorySchemaRegistry scope(String scope) {
    return SCOPES.computeIfAbsent(scope, name -> new InMemorySchemaRegistry());
  }

  /** Forgets {@code scope}'s registry, so the next use starts empty. */
  public static void drop(String scope) {
    SCOPES.remove(scope);
  }

  @Override
  public synchronized int register(String subject, Schema schema) {
    List<Schema> subjectVersions = versions.computeIfAbsent(subject, s -> new ArrayList<>());
    if (subjectVersions.contains(schema)) {
      return ids.get(schema);
    }
    if (!subjectVersions.isEmpty()) {
      Schema latest = subjectVersions.get(subjectVersions.size() - 1);
      SchemaCompatibility.SchemaCompatibilityType compatibility =
          SchemaCompatibility.checkReaderWriterCompatibility(schema, latest).getType();
      if (compatibility != SchemaCompatibility.SchemaCompatibilityType.COMPATIBLE) {
        throw new SchemaRegistryException(
            409,
            SchemaRegistryException.INCOMPATIBLE_SCHEMA,
            "schema cannot read the latest version of " + subject);
      }
    }
    subjectVersions.add(schema);
    return ids.computeIfAbsent(
        schema,
        s -> {
          byId.add(s);
          return byId.size();
        });
  }

  @Override
  public synchronized int lookUpId(String subject, Schema schema) {
    List<Schema> subjectVersions = versions.get(subject);
    if (subjectVersions == null) {
      throw new SchemaRegistryException(
          404, SchemaRegistryException.SUBJECT_NOT_FOUND, "subject " + subject + " not found");
    }
    if (!subjectVersions.contains(schema)) {
      throw new SchemaRegistryException(
          404, SchemaRegistryException.SCHEMA_NOT_FOUND, "schema not registered under " + subject);
    }
    return ids.get(schema);
  }

  @Override
  public synchronized Schema schemaById(int id) {
    if (id < 1 || id > byId.size()) {
      throw new SchemaRegistryException(
          404, SchemaRegistryException.SCHEMA_NOT_FOUND, "schema " + id + " not found");
    }
    return byId.get(id - 1);
  }
}
