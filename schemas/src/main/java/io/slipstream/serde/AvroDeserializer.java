package io.slipstream.serde;

import java.io.EOFException;
import java.io.IOException;
import java.util.Map;
import org.apache.avro.AvroRuntimeException;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.io.DatumReader;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * Reads records written in the Confluent wire format, resolving the writer's schema (fetched from
 * the registry by id, once) against the reader's schema, so an old reader reads new records and the
 * other way round as far as Avro's resolution rules allow.
 *
 * <p>The reader schema is the target class's schema ({@link #AvroDeserializer(Class)}), a given
 * schema ({@link #AvroDeserializer(Schema)}), or, when configured by class name, the writer's
 * schema decoded as {@code GenericRecord} (or as the generated class when {@code
 * specific.avro.reader=true}).
 *
 * <p>Every failure is a {@link WireFormatException} with a {@link WireFormatException.Reason}:
 * empty or short payload, wrong magic byte, unknown schema id, truncated or corrupt body,
 * unresolvable schemas, or an unreachable registry (retriable). {@code null} deserializes to {@code
 * null}. Thread-safe.
 */
public class AvroDeserializer<T> implements Deserializer<T> {
  private final Class<T> targetType;
  private final Schema readerSchema;
  private SchemaRegistry registry;
  private AvroSerdeConfig config;

  /**
   * Most writer schemas (readers, or the reason none exists) kept at once. Payloads naming random
   * schema ids must not grow memory without bound: each unknown id is remembered as unknown, and
   * the least recently used entries make room.
   */
  static final int MAX_CACHED_WRITER_SCHEMAS = 1_000;

  private final BoundedCache<Integer, ResolvedReader<T>> readers =
      new BoundedCache<>(MAX_CACHED_WRITER_SCHEMAS);
  private final ThreadLocal<BoundedBinaryDecoder> decoders = new ThreadLocal<>();

  /** A reader for one writer schema, or the reason none can exist. */
  private record ResolvedReader<T>(DatumReader<T> reader, WireFormatException failure) {}

  /** For configuration by class name: {@link #configure} must be called before use. */
  public AvroDeserializer() {
    this(null, null, null);
  }

  /** Decodes into the generated class {@code targetType}. */
  public AvroDeserializer(Class<T> targetType) {
    this(targetType, null, null);
  }

  /**
   * Decodes into {@code targetType}, sharing {@code registry} (and its caches) with other serdes.
   */
  public AvroDeserializer(Class<T> targetType, SchemaRegistry registry) {
    this(targetType, null, registry);
  }

  /** Decodes into {@code GenericRecord}s of {@code readerSchema}. */
  public AvroDeserializer(Schema readerSchema) {
    this(null, readerSchema, null);
  }

  private AvroDeserializer(Class<T> targetType, Schema readerSchema, SchemaRegistry registry) {
    this.targetType = targetType;
    this.readerSchema = readerSchema;
    this.registry = registry;
  }

  @Override
  public void configure(Map<String, ?> configs, boolean isKey) {
    this.config = AvroSerdeConfig.fromConfig(configs, isKey);
    if (registry == null) {
      registry = SchemaRegistry.connect(config.registry());
    }
  }

  @Override
  public T deserialize(String topic, byte[] payload) {
    if (payload == null) {
      return null;
    }
    if (registry == null) {
      throw new IllegalStateException("AvroDeserializer used before configure()");
    }
    int schemaId = WireFormat.readSchemaId(payload);
    ResolvedReader<T> resolved = readers.get(schemaId);
    if (resolved == null) {
      resolved = resolve(schemaId);
      readers.put(schemaId, resolved);
    }
    if (resolved.failure() != null) {
      throw resolved.failure();
    }
    return decode(resolved.reader(), payload, schemaId);
  }

  private T decode(DatumReader<T> reader, byte[] payload, int schemaId) {
    BoundedBinaryDecoder decoder = decoders.get();
    if (decoder == null) {
      decoder = new BoundedBinaryDecoder();
      decoders.set(decoder);
    }
    decoder.reset(payload, WireFormat.HEADER_LENGTH, payload.length - WireFormat.HEADER_LENGTH);
    T record;
    try {
      record = reader.read(null, decoder);
    } catch (EOFException e) {
      throw new WireFormatException(
          WireFormatException.Reason.TRUNCATED_BODY,
          "body of "
              + (payload.length - WireFormat.HEADER_LENGTH)
              + " bytes ends before the record of schema "
              + schemaId
              + " does",
          e);
    } catch (IOException
        | AvroRuntimeException
        | IndexOutOfBoundsException
        | NegativeArraySizeException
        | ClassCastException e) {
      throw new WireFormatException(
          WireFormatException.Reason.CORRUPT_BODY,
          "body does not decode with schema " + schemaId + ": " + e,
          e);
    }
    if (!decoder.isEnd()) {
      throw new WireFormatException(
          WireFormatException.Reason.CORRUPT_BODY,
          "bytes left over after decoding a record of schema " + schemaId);
    }
    return record;
  }

  private ResolvedReader<T> resolve(int schemaId) {
    Schema writer;
    try {
      writer = registry.schemaById(schemaId);
    } catch (SchemaRegistryException e) {
      WireFormatException failure =
          e.isNotFound()
              ? new WireFormatException(
                  WireFormatException.Reason.UNKNOWN_SCHEMA_ID,
                  "schema id " + schemaId + " is not known to the registry",
                  e)
              : new WireFormatException(
                  e.isRetriable()
                      ? WireFormatException.Reason.REGISTRY_UNAVAILABLE
                      : WireFormatException.Reason.UNRESOLVABLE_SCHEMA,
                  "cannot fetch schema " + schemaId + ": " + e.getMessage(),
                  e);
      if (failure.isRetriable()) {
        // Not cached: the registry may answer next time.
        throw failure;
      }
      return new ResolvedReader<>(null, failure);
    }
    try {
      return new ResolvedReader<>(readerFor(writer, schemaId), null);
    } catch (WireFormatException e) {
      return new ResolvedReader<>(null, e);
    }
  }

  @SuppressWarnings("unchecked")
  private DatumReader<T> readerFor(Schema writer, int schemaId) {
    Schema reader = readerSchema;
    SpecificData model = null;
    if (targetType != null) {
      model = SpecificData.getForClass(targetType);
      reader = model.getSchema(targetType);
    } else if (reader == null && config != null && config.specificAvroReader()) {
      Class<?> generated = SpecificData.get().getClass(writer);
      if (generated == null || !SpecificRecord.class.isAssignableFrom(generated)) {
        throw new WireFormatException(
            WireFormatException.Reason.UNRESOLVABLE_SCHEMA,
            "no generated class for "
                + writer.getFullName()
                + " (schema "
                + schemaId
                + ") with specific.avro.reader=true");
      }
      model = SpecificData.getForClass(generated);
      reader = model.getSchema(generated);
    }
    if (reader == null) {
      return (DatumReader<T>) new GenericDatumReader<Object>(writer);
    }
    SchemaCompatibility.SchemaPairCompatibility compatibility =
        SchemaCompatibility.checkReaderWriterCompatibility(reader, writer);
    if (compatibility.getType() != SchemaCompatibility.SchemaCompatibilityType.COMPATIBLE) {
      throw new WireFormatException(
          WireFormatException.Reason.UNRESOLVABLE_SCHEMA,
          "writer schema "
              + schemaId
              + " ("
              + writer.getFullName()
              + ") cannot be read as "
              + reader.getFullName()
              + ": "
              + compatibility.getResult().getIncompatibilities());
    }
    return model != null
        ? new SpecificDatumReader<>(writer, reader, model)
        : (DatumReader<T>) new GenericDatumReader<Object>(writer, reader);
  }
}
