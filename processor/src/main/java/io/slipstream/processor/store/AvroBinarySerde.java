package io.slipstream.processor.store;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Plain Avro binary of a generated record, for the processor's own state stores: the writer is
 * always this version of the processor, so no registry round trip is needed. Not for topics others
 * read.
 */
public final class AvroBinarySerde<T extends SpecificRecord> implements Serde<T> {
  private final SpecificDatumWriter<T> writer;
  private final SpecificDatumReader<T> reader;

  public AvroBinarySerde(Class<T> type) {
    SpecificData model = SpecificData.getForClass(type);
    this.writer = new SpecificDatumWriter<>(model.getSchema(type), model);
    this.reader = new SpecificDatumReader<>(model.getSchema(type), model.getSchema(type), model);
  }

  @Override
  public Serializer<T> serializer() {
    return (topic, value) -> {
      if (value == null) {
        return null;
      }
      ByteArrayOutputStream out = new ByteArrayOutputStream(256);
      BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
      try {
        writer.write(value, encoder);
        encoder.flush();
      } catch (IOException e) {
        throw new SerializationException("cannot encode " + value.getClass().getSimpleName(), e);
      }
      return out.toByteArray();
    };
  }

  @Override
  public Deserializer<T> deserializer() {
    return (topic, bytes) -> {
      if (bytes == null) {
        return null;
      }
      try {
        return reader.read(null, DecoderFactory.get().binaryDecoder(bytes, null));
      } catch (IOException | RuntimeException e) {
        throw new SerializationException("cannot decode a stored record", e);
      }
    };
  }
}
