package io.slipstream.serde;

import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * A Kafka {@link Serde} for Avro records in the Confluent wire format: {@link AvroSerializer} and
 * {@link AvroDeserializer} configured together.
 */
public final class AvroSerde<T extends SpecificRecord> implements Serde<T> {
  private final AvroSerializer<T> serializer;
  private final AvroDeserializer<T> deserializer;

  /** A serde for the generated class {@code type}, to be configured with {@link #configure}. */
  public AvroSerde(Class<T> type) {
    this.serializer = new AvroSerializer<>();
    this.deserializer = new AvroDeserializer<>(type);
  }

  /**
   * A serde for {@code type} sharing {@code registry}, to be configured with {@link #configure}.
   */
  public AvroSerde(Class<T> type, SchemaRegistryClient registry) {
    this.serializer = new AvroSerializer<>(registry);
    this.deserializer = new AvroDeserializer<>(type, registry);
  }

  /** A configured value serde for {@code type}. */
  public static <T extends SpecificRecord> AvroSerde<T> forValues(
      Class<T> type, Map<String, ?> config) {
    AvroSerde<T> serde = new AvroSerde<>(type);
    serde.configure(config, false);
    return serde;
  }

  @Override
  public void configure(Map<String, ?> configs, boolean isKey) {
    serializer.configure(configs, isKey);
    deserializer.configure(configs, isKey);
  }

  @Override
  public Serializer<T> serializer() {
    return serializer;
  }

  @Override
  public Deserializer<T> deserializer() {
    return deserializer;
  }
}
