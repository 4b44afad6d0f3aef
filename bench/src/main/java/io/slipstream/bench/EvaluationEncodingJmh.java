package io.slipstream.bench;

import io.slipstream.avro.BurnRateEvaluation;
import io.slipstream.avro.WindowBurnRate;
import io.slipstream.processor.store.AvroBinarySerde;
import io.slipstream.processor.topology.EncodedEvaluations;
import io.slipstream.serde.AvroSerializer;
import io.slipstream.serde.SchemaRegistrySettings;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.serialization.Serializer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Publishing one burn-rate evaluation (an instance of a grouped SLO, seven windows): its record in
 * the wire format and its status-store entry. {@code encodeOnce} is {@link EncodedEvaluations}, the
 * entry taken from the record's bytes; {@code encodeTwice}, the baseline, encodes both in full as
 * before. The registry is the in-memory one: its id is looked up once and cached either way.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class EvaluationEncodingJmh {
  private static final String TOPIC = "slo-burn-rates";
  private static final String[] WINDOWS = {"5m", "30m", "1h", "2h", "6h", "1d", "3d"};

  private Serializer<BurnRateEvaluation> wire;
  private final Serializer<BurnRateEvaluation> plain =
      new AvroBinarySerde<>(BurnRateEvaluation.class).serializer();
  private Serializer<BurnRateEvaluation> record;
  private Serializer<BurnRateEvaluation> store;
  private final BurnRateEvaluation evaluation = evaluation();

  @Setup
  public void setUp() {
    AvroSerializer<BurnRateEvaluation> serializer = new AvroSerializer<>();
    serializer.configure(Map.of(SchemaRegistrySettings.URL, "mem://evaluation-encoding"), false);
    wire = serializer;
    EncodedEvaluations evaluations = new EncodedEvaluations();
    record = evaluations.recordSerializer(wire);
    store = evaluations.storeSerde().serializer();
  }

  @Benchmark
  public byte[] encodeOnce() {
    record.serialize(TOPIC, evaluation);
    return store.serialize(TOPIC, evaluation);
  }

  @Benchmark
  public byte[] encodeTwice() {
    wire.serialize(TOPIC, evaluation);
    return plain.serialize(TOPIC, evaluation);
  }

  private static BurnRateEvaluation evaluation() {
    List<WindowBurnRate> windows = new ArrayList<>();
    long ms = 300_000;
    for (String window : WINDOWS) {
      windows.add(
          WindowBurnRate.newBuilder()
              .setWindow(window)
              .setWindowMillis(ms)
              .setGoodEvents(5)
              .setTotalEvents(6)
              .setBurnRate(1 / 6.0 / 0.001)
              .build());
      ms *= 2;
    }
    return BurnRateEvaluation.newBuilder()
        .setSloId("checkout-availability-by-customer")
        .setSloName("checkout-availability-by-customer")
        .setService("service-00")
        .setEvaluatedAt(Instant.ofEpochMilli(1_700_000_000_000L))
        .setTarget(0.999)
        .setPeriod("30d")
        .setPeriodGoodEvents(5)
        .setPeriodTotalEvents(6)
        .setSli(5 / 6.0)
        .setErrorBudgetRemaining(-165.7)
        .setWindows(windows)
        .setGroupKey("customer=\"customer-04217\"")
        .setGroup(Map.of("customer", "customer-04217"))
        .build();
  }
}
