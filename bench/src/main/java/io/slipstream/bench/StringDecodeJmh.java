package io.slipstream.bench;

import io.slipstream.avro.RequestEvent;
import io.slipstream.serde.DecodedStrings;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Decoding one string field of a request event and hashing it, as every map lookup by it does
 * downstream: the decoder's {@link DecodedStrings} table ({@code decodeWithTable}) against a new
 * {@code String} per field ({@code decodeNewString}, the decoder before the table). The fields are
 * those of 100,000 events of the throughput workload with 10,000 customers, in event order:
 * service, operation, instance, region, the attribute's key and value, and trace and span ids for
 * the 10 % traced.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class StringDecodeJmh {
  private static final int EVENTS = 100_000;

  private byte[][] fields;
  private final DecodedStrings table = new DecodedStrings();
  private int next;

  @Setup
  public void setUp() {
    RequestEventGenerator generator =
        new RequestEventGenerator(
                42,
                EVENTS,
                Instant.parse("2026-12-07T00:00:00Z"),
                Duration.ofMinutes(10),
                Duration.ofSeconds(2),
                RequestEventGenerator.DEFAULT_TRACED_SHARE)
            .withCustomers(10_000, 0);
    List<byte[]> all = new ArrayList<>();
    for (int i = 0; i < EVENTS; i++) {
      RequestEvent event = generator.next();
      add(all, event.getService());
      add(all, event.getOperation());
      add(all, event.getInstance());
      add(all, event.getRegion());
      for (Map.Entry<String, String> attribute : event.getAttributes().entrySet()) {
        add(all, attribute.getKey());
        add(all, attribute.getValue());
      }
      if (event.getTraceId() != null) {
        add(all, event.getTraceId());
        add(all, event.getSpanId());
      }
    }
    fields = all.toArray(byte[][]::new);
  }

  @Benchmark
  public int decodeWithTable() {
    byte[] field = nextField();
    return table.decode(field, 0, field.length).hashCode();
  }

  @Benchmark
  public int decodeNewString() {
    byte[] field = nextField();
    return new String(field, 0, field.length, StandardCharsets.UTF_8).hashCode();
  }

  private byte[] nextField() {
    byte[] field = fields[next];
    next = next + 1 == fields.length ? 0 : next + 1;
    return field;
  }

  private static void add(List<byte[]> fields, String value) {
    if (value != null) {
      fields.add(value.getBytes(StandardCharsets.UTF_8));
    }
  }
}
