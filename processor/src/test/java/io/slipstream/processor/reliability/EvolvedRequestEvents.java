package io.slipstream.processor.reliability;

import io.slipstream.avro.RequestEvent;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumWriter;

/**
 * Request events as a newer producer writes them: the {@link RequestEvent} schema plus an optional
 * field, a compatible change with a schema id of its own that a consumer must fetch from the
 * registry before it can decode them.
 */
final class EvolvedRequestEvents {
  static final Schema SCHEMA = evolve(RequestEvent.getClassSchema());

  private EvolvedRequestEvents() {}

  private static Schema evolve(Schema schema) {
    String json = schema.toString();
    String field = "{\"name\":\"canary\",\"type\":[\"null\",\"string\"],\"default\":null}";
    return new Schema.Parser()
        .parse(
            json.substring(0, json.lastIndexOf(']'))
                + ","
                + field
                + json.substring(json.lastIndexOf(']')));
  }

  /** The events as records of the evolved schema, the new field left empty. */
  static List<GenericRecord> of(List<RequestEvent> events) {
    SpecificDatumWriter<RequestEvent> writer = new SpecificDatumWriter<>(RequestEvent.class);
    GenericDatumReader<GenericRecord> reader =
        new GenericDatumReader<>(RequestEvent.getClassSchema(), SCHEMA);
    List<GenericRecord> evolved = new ArrayList<>();
    try {
      for (RequestEvent event : events) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(bytes, null);
        writer.write(event, encoder);
        encoder.flush();
        evolved.add(
            reader.read(null, DecoderFactory.get().binaryDecoder(bytes.toByteArray(), null)));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot convert request events", e);
    }
    return evolved;
  }
}
