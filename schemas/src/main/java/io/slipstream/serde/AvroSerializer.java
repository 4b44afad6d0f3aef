package io.slipstream.serde;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.IndexedRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DatumWriter;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Writes Avro records ({@code SpecificRecord} or {@code GenericRecord}) in the Confluent wire
 * format, registering (or looking up) the record's schema in the registry once and caching its id.
 *
 * <p>Configured like Confluent's {@code KafkaAvroSerializer}; see {@link AvroSerdeConfig}. {@code
 * null} serializes to {@code null} (a tombstone). Thread-safe: Kafka Streams shares one instance
 * across threads.
 */
public class AvroSerializer<T extends IndexedRecord> implements Serializer<T> {
  private SchemaRegistry registry;
  private AvroSerdeConfig config;
  private boolean isKey;
  private final Map<Schema, DatumWriter<Object>> writers = new ConcurrentHashMap<>();
  private final Map<SubjectAndSchema, Integer> ids = new ConcurrentHashMap<>();
  private final ThreadLocal<Buffers> buffers = ThreadLocal.withInitial(Buffers::new);

  private record SubjectAndSchema(String subject, Schema schema) {}

  private static final class Buffers {
    final ByteArrayOutputStream out = new ByteArrayOutputStream(256);
    BinaryEncoder encoder;
  }

  /** For configuration by class name: {@link #configure} must be called before use. */
  public AvroSerializer() {}

  /** A serializer that shares {@code registry} (and its caches) with other serdes. */
  public AvroSerializer(SchemaRegistry registry) {
    this.registry = registry;
  }

  @Override
  public void configure(Map<String, ?> configs, boolean isKey) {
    this.config = AvroSerdeConfig.fromConfig(configs, isKey);
    this.isKey = isKey;
    if (registry == null) {
      registry = SchemaRegistry.connect(config.registry());
    }
  }

  @Override
  public byte[] serialize(String topic, T record) {
    if (record == null) {
      return null;
    }
    requireConfigured();
    Schema schema = record.getSchema();
    int schemaId = schemaId(topic, schema);
    Buffers buffer = buffers.get();
    buffer.out.reset();
    buffer.out.write(new byte[WireFormat.HEADER_LENGTH], 0, WireFormat.HEADER_LENGTH);
    try {
      buffer.encoder = EncoderFactory.get().binaryEncoder(buffer.out, buffer.encoder);
      writer(schema).write(record, buffer.encoder);
      buffer.encoder.flush();
    } catch (IOException | RuntimeException e) {
      throw new WireFormatException(
          WireFormatException.Reason.SERIALIZATION_FAILED,
          "cannot encode " + schema.getFullName() + " for topic " + topic + ": " + e.getMessage(),
          e);
    }
    byte[] bytes = buffer.out.toByteArray();
    WireFormat.writeHeader(bytes, schemaId);
    return bytes;
  }

  /**
   * Gets (registering it, if so configured) and caches the id that records of {@code schema} for
   * {@code topic} are written with, as the first {@link #serialize} would: records serialized later
   * then need no registry, so a registry outage cannot hold them up.
   *
   * @throws WireFormatException {@code REGISTRY_UNAVAILABLE} when the registry cannot be reached
   *     (nothing is cached; {@code serialize} asks again), {@code SERIALIZATION_FAILED} when it
   *     refuses the schema
   */
  public void prefetchSchemaId(String topic, Schema schema) {
    requireConfigured();
    schemaId(topic, schema);
  }

  private void requireConfigured() {
    if (config == null) {
      throw new IllegalStateException("AvroSerializer used before configure()");
    }
  }

  private int schemaId(String topic, Schema schema) {
    String subject = config.subjectNameStrategy().subject(topic, isKey, schema);
    return ids.computeIfAbsent(
        new SubjectAndSchema(subject, schema),
        key -> {
          try {
            return config.autoRegisterSchemas()
                ? registry.register(subject, schema)
                : registry.lookUpId(subject, schema);
          } catch (SchemaRegistryException e) {
            throw new WireFormatException(
                e.isRetriable()
                    ? WireFormatException.Reason.REGISTRY_UNAVAILABLE
                    : WireFormatException.Reason.SERIALIZATION_FAILED,
                "cannot get a schema id for subject " + subject + ": " + e.getMessage(),
                e);
          }
        });
  }

  @SuppressWarnings("unchecked")
  private DatumWriter<Object> writer(Schema schema) {
    return writers.computeIfAbsent(
        schema,
        s -> {
          // Generated classes carry their logical-type conversions in their own SpecificData model.
          SpecificData model = SpecificData.getForSchema(s);
          return model.getClass(s) != null
                  && SpecificRecord.class.isAssignableFrom(model.getClass(s))
              ? new SpecificDatumWriter<>(s, model)
              : (DatumWriter<Object>) (DatumWriter<?>) new GenericDatumWriter<>(s);
        });
  }
}
