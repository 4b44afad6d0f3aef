package io.slipstream.processor.topology;

import static org.assertj.core.api.Assertions.assertThat;

import io.slipstream.avro.BurnRateEvaluation;
import io.slipstream.avro.WindowBurnRate;
import io.slipstream.processor.store.AvroBinarySerde;
import io.slipstream.serde.AvroSerializer;
import io.slipstream.serde.SchemaRegistrySettings;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;
import org.junit.jupiter.api.Test;

class EncodedEvaluationsTest {
  private static final String TOPIC = "slo-burn-rates";

  private final EncodedEvaluations evaluations = new EncodedEvaluations();
  private final Serde<BurnRateEvaluation> store = evaluations.storeSerde();
  private final Serializer<BurnRateEvaluation> plain =
      new AvroBinarySerde<>(BurnRateEvaluation.class).serializer();

  @Test
  void shouldStoreTheBodyOfTheRecordJustWrittenAsAFullEncodingWouldBe() {
    Serializer<BurnRateEvaluation> record = evaluations.recordSerializer(wireSerializer());
    BurnRateEvaluation first = evaluation("checkout-availability", "", 12);
    BurnRateEvaluation second = evaluation("checkout-by-customer", "customer=\"acme\"", 3);

    byte[] wire = record.serialize(TOPIC, first);
    byte[] stored = store.serializer().serialize(TOPIC, first);

    assertThat(stored).isEqualTo(plain.serialize(TOPIC, first));
    assertThat(wire).endsWith(stored);
    assertThat(store.deserializer().deserialize(TOPIC, stored)).isEqualTo(first);
    // Not the record just written: encoded in full.
    assertThat(store.serializer().serialize(TOPIC, second))
        .isEqualTo(plain.serialize(TOPIC, second));
    // The remembered record is taken once.
    assertThat(store.serializer().serialize(TOPIC, first)).isEqualTo(plain.serialize(TOPIC, first));
  }

  @Test
  void shouldEncodeInFullAnEvaluationFromAnotherThread() throws InterruptedException {
    Serializer<BurnRateEvaluation> record = evaluations.recordSerializer(wireSerializer());
    BurnRateEvaluation evaluation = evaluation("checkout-availability", "", 7);
    Thread other = new Thread(() -> record.serialize(TOPIC, evaluation));
    other.start();
    other.join();

    assertThat(store.serializer().serialize(TOPIC, evaluation))
        .isEqualTo(plain.serialize(TOPIC, evaluation));
    assertThat(store.serializer().serialize(TOPIC, null)).isNull();
  }

  private static Serializer<BurnRateEvaluation> wireSerializer() {
    AvroSerializer<BurnRateEvaluation> serializer = new AvroSerializer<>();
    serializer.configure(
        Map.of(SchemaRegistrySettings.URL, TopologyFixture.inMemoryRegistry()), false);
    return serializer;
  }

  private static BurnRateEvaluation evaluation(String sloId, String groupKey, long bad) {
    return BurnRateEvaluation.newBuilder()
        .setSloId(sloId)
        .setSloName(sloId)
        .setService("checkout")
        .setEvaluatedAt(Instant.ofEpochMilli(1_700_000_000_000L))
        .setTarget(0.999)
        .setPeriod("30d")
        .setPeriodGoodEvents(10_000 - bad)
        .setPeriodTotalEvents(10_000)
        .setSli((10_000 - bad) / 10_000.0)
        .setErrorBudgetRemaining(0.5)
        .setWindows(
            List.of(
                WindowBurnRate.newBuilder()
                    .setWindow("5m")
                    .setWindowMillis(300_000)
                    .setGoodEvents(100 - bad)
                    .setTotalEvents(100)
                    .setBurnRate(bad / 100.0 / 0.001)
                    .build()))
        .setGroupKey(groupKey)
        .setGroup(groupKey.isEmpty() ? Map.of() : Map.of("customer", "acme"))
        .build();
  }
}
