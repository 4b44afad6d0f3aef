package io.slipstream.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.slipstream.avro.Outcome;
import io.slipstream.avro.RequestEvent;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.junit.jupiter.api.Test;

class InMemorySchemaRegistryTest {
  private static final Schema V1 =
      SchemaBuilder.record("Evolving").fields().requiredString("a").endRecord();
  private static final Schema V2 =
      SchemaBuilder.record("Evolving")
          .fields()
          .requiredString("a")
          .name("b")
          .type()
          .stringType()
          .stringDefault("")
          .endRecord();
  private static final Schema BREAKING =
      SchemaBuilder.record("Evolving").fields().requiredLong("c").endRecord();

  private final String scope = UUID.randomUUID().toString();
  private final InMemorySchemaRegistry registry = InMemorySchemaRegistry.scope(scope);

  @Test
  void shouldKeepOneIdPerSchemaAndFindItById() {
    int first = registry.register("events-value", V1);
    assertThat(registry.register("events-value", V1)).isEqualTo(first);
    assertThat(registry.register("other-value", V1)).as("ids are global").isEqualTo(first);
    int second = registry.register("events-value", V2);
    assertThat(second).isNotEqualTo(first);
    assertThat(registry.schemaById(first)).isEqualTo(V1);
    assertThat(registry.schemaById(second)).isEqualTo(V2);
    assertThat(registry.lookUpId("events-value", V2)).isEqualTo(second);
  }

  @Test
  void shouldRefuseAVersionThatCannotReadTheLatestOne() {
    registry.register("events-value", V1);
    assertThatThrownBy(() -> registry.register("events-value", BREAKING))
        .isInstanceOfSatisfying(
            SchemaRegistryException.class,
            e -> assertThat(e.errorCode()).isEqualTo(SchemaRegistryException.INCOMPATIBLE_SCHEMA));
  }

  @Test
  void shouldAnswerNotFoundLikeARegistry() {
    assertThatThrownBy(() -> registry.lookUpId("nothing-value", V1))
        .isInstanceOfSatisfying(
            SchemaRegistryException.class,
            e -> assertThat(e.errorCode()).isEqualTo(SchemaRegistryException.SUBJECT_NOT_FOUND));
    registry.register("events-value", V1);
    assertThatThrownBy(() -> registry.lookUpId("events-value", V2))
        .isInstanceOfSatisfying(
            SchemaRegistryException.class,
            e -> assertThat(e.errorCode()).isEqualTo(SchemaRegistryException.SCHEMA_NOT_FOUND));
    assertThatThrownBy(() -> registry.schemaById(99))
        .isInstanceOfSatisfying(
            SchemaRegistryException.class,
            e -> assertThat(e.errorCode()).isEqualTo(SchemaRegistryException.SCHEMA_NOT_FOUND));
  }

  @Test
  void shouldLetSerdesConfiguredWithTheSameScopeShareIt() {
    Map<String, Object> config = Map.of(SchemaRegistrySettings.URL, "mem://" + scope);
    AvroSerializer<RequestEvent> serializer = new AvroSerializer<>();
    serializer.configure(config, false);
    AvroDeserializer<RequestEvent> deserializer = new AvroDeserializer<>(RequestEvent.class);
    deserializer.configure(config, false);
    RequestEvent event =
        RequestEvent.newBuilder()
            .setService("checkout")
            .setOperation("GET /cart")
            .setTimestamp(Instant.ofEpochMilli(1_700_000_000_000L))
            .setLatencyMicros(1_000)
            .setStatusCode(200)
            .setOutcome(Outcome.SUCCESS)
            .build();
    byte[] bytes = serializer.serialize("events", event);
    assertThat(deserializer.deserialize("events", bytes)).isEqualTo(event);
    assertThat(registry.lookUpId("events-value", RequestEvent.getClassSchema()))
        .isEqualTo(WireFormat.readSchemaId(bytes));
  }
}
