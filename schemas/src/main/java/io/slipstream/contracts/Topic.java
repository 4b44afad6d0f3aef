package io.slipstream.contracts;

import java.util.Map;
import java.util.Objects;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * A Kafka topic's name bound to the types of its keys and values and to how each is written. Every
 * reader and writer of a topic takes its serdes from here, so a topic and its serdes cannot
 * disagree: what {@code slo-alerts} holds is decided once, in {@link Topics}.
 *
 * <p>The serde methods make a new, configured instance on each call (see {@link Format}); a caller
 * that shares one serializer across threads creates it once.
 *
 * @param name the topic's name, prefix included
 * @param key how its keys are written
 * @param value how its values are written
 * @param <K> the type of its keys
 * @param <V> the type of its values
 */
public record Topic<K, V>(String name, Format<K> key, Format<V> value) {

  /**
   * @throws IllegalArgumentException when {@code name} is blank
   */
  public Topic {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(value, "value");
    if (name.isBlank()) {
      throw new IllegalArgumentException("a topic name must not be blank");
    }
  }

  /**
   * The same keys and values under another name: for a setting that names one topic (e.g. the
   * bridge's {@code slipstream.alerts.topic}).
   */
  public Topic<K, V> named(String otherName) {
    return new Topic<>(otherName, key, value);
  }

  /** A new key serializer configured with {@code serdeConfig} (the registry settings, for Avro). */
  public Serializer<K> keySerializer(Map<String, ?> serdeConfig) {
    return key.serializer(serdeConfig, true);
  }

  /** A new value serializer configured with {@code serdeConfig}. */
  public Serializer<V> valueSerializer(Map<String, ?> serdeConfig) {
    return value.serializer(serdeConfig, false);
  }

  /** A new key deserializer configured with {@code serdeConfig}. */
  public Deserializer<K> keyDeserializer(Map<String, ?> serdeConfig) {
    return key.deserializer(serdeConfig, true);
  }

  /** A new value deserializer configured with {@code serdeConfig}. */
  public Deserializer<V> valueDeserializer(Map<String, ?> serdeConfig) {
    return value.deserializer(serdeConfig, false);
  }

  /** A new key serde configured with {@code serdeConfig}. */
  public Serde<K> keySerde(Map<String, ?> serdeConfig) {
    return key.serde(serdeConfig, true);
  }

  /** A new value serde configured with {@code serdeConfig}. */
  public Serde<V> valueSerde(Map<String, ?> serdeConfig) {
    return value.serde(serdeConfig, false);
  }

  /**
   * Gets and caches the schema id {@code serializer}, made by {@link #valueSerializer}, writes
   * values to this topic with, so records written later need no registry. Nothing to do when the
   * values are not Avro.
   *
   * @throws IllegalArgumentException when {@code serializer} is not an Avro serializer although the
   *     values are Avro
   * @throws io.slipstream.serde.WireFormatException {@code REGISTRY_UNAVAILABLE} when the registry
   *     cannot be reached (nothing is cached), {@code SERIALIZATION_FAILED} when it refuses the
   *     schema
   */
  public void prefetchValueSchemaId(Serializer<V> serializer) {
    value.prefetchSchemaId(name, serializer);
  }

  /** The name and the formats, e.g. {@code slo-alerts (text -> Avro SloAlert)}. */
  @Override
  public String toString() {
    return name + " (" + key + " -> " + value + ")";
  }
}
