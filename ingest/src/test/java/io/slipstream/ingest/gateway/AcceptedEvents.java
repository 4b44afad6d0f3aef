package io.slipstream.ingest.gateway;

import io.slipstream.ingest.IngestEvent;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;

/** Checks on the events a parser accepted. */
public final class AcceptedEvents {
  private AcceptedEvents() {}

  /**
   * Writes {@code event} in Avro binary, as the publisher will: throws whatever Avro throws for a
   * value it cannot write (e.g. an instant beyond the range of epoch milliseconds).
   */
  public static void assertWritable(IngestEvent event) {
    SpecificRecord record = event.record();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
    try {
      new SpecificDatumWriter<SpecificRecord>(
              record.getSchema(), SpecificData.getForSchema(record.getSchema()))
          .write(record, encoder);
      encoder.flush();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
