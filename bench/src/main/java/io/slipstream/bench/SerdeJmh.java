package io.slipstream.bench;

import io.slipstream.avro.RequestEvent;
import io.slipstream.localstack.ApicurioSchemaRegistry;
import io.slipstream.serde.AvroDeserializer;
import io.slipstream.serde.AvroSerializer;
import io.slipstream.serde.SchemaRegistrySettings;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Request-event serde: Slipstream's {@link AvroSerializer} / {@link AvroDeserializer} (Confluent
 * wire format, specific records, schema ids cached from a real Apicurio registry) against plain
 * Avro generic records on the same schema without any header — the baseline. Each operation is one
 * event of 1,024 pre-generated ones (the throughput workload's).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class SerdeJmh {
  private static final int EVENTS = 1_024;
  private static final String TOPIC = "request-events";

  private ApicurioSchemaRegistry registry;
  private AvroSerializer<RequestEvent> serializer;
  private AvroDeserializer<RequestEvent> deserializer;
  private final GenericDatumWriter<GenericRecord> genericWriter =
      new GenericDatumWriter<>(RequestEvent.getClassSchema());
  private final GenericDatumReader<GenericRecord> genericReader =
      new GenericDatumReader<>(RequestEvent.getClassSchema());
  private final RequestEvent[] events = new RequestEvent[EVENTS];
  private final GenericRecord[] generic = new GenericRecord[EVENTS];
  private final byte[][] wire = new byte[EVENTS][];
  private final byte[][] raw = new byte[EVENTS][];
  private final ByteArrayOutputStream out = new ByteArrayOutputStream(256);
  private BinaryEncoder encoder;
  private BinaryDecoder decoder;
  private GenericRecord reuse;
  private int next;

  @Setup
  public void setUp() throws IOException {
    registry = ApicurioSchemaRegistry.start();
    Map<String, Object> config = Map.of(SchemaRegistrySettings.URL, registry.url());
    serializer = new AvroSerializer<>();
    serializer.configure(config, false);
    deserializer = new AvroDeserializer<>(RequestEvent.class);
    deserializer.configure(config, false);
    RequestEventGenerator generator =
        new RequestEventGenerator(
            42, EVENTS, Instant.now(), Duration.ofMinutes(1), Duration.ofSeconds(1), 0.1);
    for (int i = 0; i < EVENTS; i++) {
      events[i] = generator.next();
      wire[i] = serializer.serialize(TOPIC, events[i]);
      // The same Avro body without the 5-byte wire-format header (magic byte, schema id).
      raw[i] = Arrays.copyOfRange(wire[i], 5, wire[i].length);
      generic[i] = genericReader.read(null, DecoderFactory.get().binaryDecoder(raw[i], null));
    }
  }

  @TearDown
  public void tearDown() {
    registry.close();
  }

  @Benchmark
  public byte[] encodeSlipstream() {
    return serializer.serialize(TOPIC, events[next()]);
  }

  @Benchmark
  public RequestEvent decodeSlipstream() {
    return deserializer.deserialize(TOPIC, wire[next()]);
  }

  @Benchmark
  public byte[] encodeGenericBaseline() throws IOException {
    return encodeGeneric(generic[next()]);
  }

  @Benchmark
  public GenericRecord decodeGenericBaseline() throws IOException {
    decoder = DecoderFactory.get().binaryDecoder(raw[next()], decoder);
    reuse = genericReader.read(null, decoder);
    return reuse;
  }

  private byte[] encodeGeneric(GenericRecord record) throws IOException {
    out.reset();
    encoder = EncoderFactory.get().binaryEncoder(out, encoder);
    genericWriter.write(record, encoder);
    encoder.flush();
    return out.toByteArray();
  }

  private int next() {
    next = (next + 1) & (EVENTS - 1);
    return next;
  }
}
