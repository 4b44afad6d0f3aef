package io.slipstream.contracts;

import io.slipstream.serde.AvroDeserializer;
import io.slipstream.serde.AvroSerializer;
import java.util.Map;
import java.util.Objects;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * How the keys or the values of a {@link Topic} are written, and so which serializer and
 * deserializer read and write them. Three formats exist: UTF-8 {@linkplain #text() text} (ids,
 * service names, documents), {@linkplain #bytes() raw bytes} (dead letters, kept as they arrived)
 * and {@linkplain #avro(Class) Avro} records of one generated class in the Confluent wire format.
 *
 * <p>Every call makes a new, configured instance: a caller that shares one serializer across
 * threads or tasks (they are all thread-safe) creates it once and passes it on.
 *
 * @param <T> the Java type of the keys or values
 */
public sealed interface Format<T> permits Format.Text, Format.RawBytes, Format.Avro {

  /** UTF-8 text. */
  static Format<String> text() {
    return new Text();
  }

  /** Raw bytes, passed through unread. */
  static Format<byte[]> bytes() {
    return new RawBytes();
  }

  /**
   * Avro records of the generated class {@code type} in the Confluent wire format: written with the
   * record's schema registered (or looked up) in the schema registry, read into {@code type} by
   * schema resolution.
   */
  static <T extends SpecificRecord> Format<T> avro(Class<T> type) {
    return new Avro<>(type);
  }

  /** The Java type of the keys or values. */
  Class<T> type();

  /**
   * A new serializer for keys ({@code isKey}) or values, configured with {@code serdeConfig}.
   *
   * @param serdeConfig the serde settings; Avro needs {@code schema.registry.url} (a {@code
   *     mem://<scope>} URL selects an in-memory registry), text and bytes need nothing
   * @throws IllegalArgumentException (Avro) when the registry settings are missing or malformed
   */
  Serializer<T> serializer(Map<String, ?> serdeConfig, boolean isKey);

  /**
   * A new deserializer for keys ({@code isKey}) or values, configured with {@code serdeConfig}.
   *
   * @throws IllegalArgumentException (Avro) when the registry settings are missing or malformed
   */
  Deserializer<T> deserializer(Map<String, ?> serdeConfig, boolean isKey);

  /** A new serializer and deserializer together, each as {@link #serializer} makes it. */
  default Serde<T> serde(Map<String, ?> serdeConfig, boolean isKey) {
    return Serdes.serdeFrom(serializer(serdeConfig, isKey), deserializer(serdeConfig, isKey));
  }

  /**
   * Gets and caches the schema id {@code serializer} writes records of this format to {@code topic}
   * with, as its first record would, so a registry outage later cannot hold up that record. Nothing
   * to do for formats without a registry.
   *
   * @param serializer one {@link #serializer} made
   * @throws IllegalArgumentException when {@code serializer} is not one this format makes
   * @throws io.slipstream.serde.WireFormatException when the registry is unreachable or refuses the
   *     schema
   */
  default void prefetchSchemaId(String topic, Serializer<T> serializer) {}

  /** UTF-8 text: Kafka's {@link StringSerializer} and {@link StringDeserializer}. */
  record Text() implements Format<String> {
    @Override
    public Class<String> type() {
      return String.class;
    }

    @Override
    public Serializer<String> serializer(Map<String, ?> serdeConfig, boolean isKey) {
      StringSerializer serializer = new StringSerializer();
      serializer.configure(serdeConfig, isKey);
      return serializer;
    }

    @Override
    public Deserializer<String> deserializer(Map<String, ?> serdeConfig, boolean isKey) {
      StringDeserializer deserializer = new StringDeserializer();
      deserializer.configure(serdeConfig, isKey);
      return deserializer;
    }

    @Override
    public String toString() {
      return "text";
    }
  }

  /** Raw bytes: Kafka's {@link ByteArraySerializer} and {@link ByteArrayDeserializer}. */
  record RawBytes() implements Format<byte[]> {
    @Override
    public Class<byte[]> type() {
      return byte[].class;
    }

    @Override
    public Serializer<byte[]> serializer(Map<String, ?> serdeConfig, boolean isKey) {
      return new ByteArraySerializer();
    }

    @Override
    public Deserializer<byte[]> deserializer(Map<String, ?> serdeConfig, boolean isKey) {
      return new ByteArrayDeserializer();
    }

    @Override
    public String toString() {
      return "bytes";
    }
  }

  /**
   * Avro records of one generated class: Slipstream's {@link AvroSerializer} and {@link
   * AvroDeserializer}, each with its own registry client and caches.
   *
   * @param type the generated class
   */
  record Avro<T extends SpecificRecord>(Class<T> type) implements Format<T> {
    public Avro {
      Objects.requireNonNull(type, "type");
    }

    /** The schema of {@link #type}: what the serializer registers and the deserializer reads. */
    public Schema schema() {
      return SpecificData.getForClass(type).getSchema(type);
    }

    @Override
    public AvroSerializer<T> serializer(Map<String, ?> serdeConfig, boolean isKey) {
      AvroSerializer<T> serializer = new AvroSerializer<>();
      serializer.configure(serdeConfig, isKey);
      return serializer;
    }

    @Override
    public AvroDeserializer<T> deserializer(Map<String, ?> serdeConfig, boolean isKey) {
      AvroDeserializer<T> deserializer = new AvroDeserializer<>(type);
      deserializer.configure(serdeConfig, isKey);
      return deserializer;
    }

    @Override
    public void prefetchSchemaId(String topic, Serializer<T> serializer) {
      if (!(serializer instanceof AvroSerializer<T> avro)) {
        throw new IllegalArgumentException(
            "not an Avro serializer for " + topic + ": " + serializer.getClass().getName());
      }
      avro.prefetchSchemaId(topic, schema());
    }

    @Override
    public String toString() {
      return "Avro " + type.getSimpleName();
    }
  }
}
