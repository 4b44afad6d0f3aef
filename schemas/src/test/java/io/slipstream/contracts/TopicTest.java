package io.slipstream.contracts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.slipstream.avro.SloAlert;
import io.slipstream.serde.InMemorySchemaRegistry;
import io.slipstream.serde.SchemaRegistryException;
import io.slipstream.serde.SchemaRegistrySettings;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.common.serialization.Serializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class TopicTest {
  private final String scope = "topic-test-" + UUID.randomUUID();
  private final Map<String, Object> serdeConfig =
      Map.of(SchemaRegistrySettings.URL, InMemorySchemaRegistry.SCHEME + "://" + scope);

  @AfterEach
  void dropTheRegistry() {
    InMemorySchemaRegistry.drop(scope);
  }

  @Test
  void shouldKeepTheKeyAndValueFormatsWhenRenamed() {
    Topic<String, SloAlert> alerts = Topics.defaults().sloAlerts();

    Topic<String, SloAlert> renamed = alerts.named("team-a-alerts");

    assertThat(renamed.name()).isEqualTo("team-a-alerts");
    assertThat(renamed.key()).isEqualTo(alerts.key());
    assertThat(renamed.value()).isEqualTo(alerts.value());
  }

  @Test
  void shouldRefuseABlankName() {
    Topic<String, SloAlert> alerts = Topics.defaults().sloAlerts();

    assertThatThrownBy(() -> alerts.named(" "))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("blank");
  }

  @Test
  void shouldRegisterTheValueSchemaWhenPrefetchedBeforeAnyRecord() {
    Topic<String, SloAlert> alerts = Topics.withPrefix("prefetch-").sloAlerts();
    Serializer<SloAlert> serializer = alerts.valueSerializer(serdeConfig);
    InMemorySchemaRegistry registry = InMemorySchemaRegistry.scope(scope);
    assertThatThrownBy(
            () -> registry.lookUpId("prefetch-slo-alerts-value", SloAlert.getClassSchema()))
        .isInstanceOf(SchemaRegistryException.class);

    alerts.prefetchValueSchemaId(serializer);

    assertThat(registry.lookUpId("prefetch-slo-alerts-value", SloAlert.getClassSchema()))
        .isPositive();
  }

  @Test
  void shouldPrefetchNothingForTextValuesAndNeedNoRegistryForThem() {
    Topic<String, String> definitions = Topics.defaults().sloDefinitions();

    assertThatCode(() -> definitions.prefetchValueSchemaId(definitions.valueSerializer(Map.of())))
        .doesNotThrowAnyException();
  }

  @Test
  void shouldRefuseToPrefetchWithASerializerThatIsNotAvro() {
    Topic<String, SloAlert> alerts = Topics.defaults().sloAlerts();
    Serializer<SloAlert> notAvro = (topic, alert) -> new byte[0];

    assertThatThrownBy(() -> alerts.prefetchValueSchemaId(notAvro))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("slo-alerts");
  }

  @Test
  void shouldShowTheNameAndTheFormats() {
    assertThat(Topics.defaults().sloAlerts()).hasToString("slo-alerts (text -> Avro SloAlert)");
    assertThat(Topics.defaults().requestEventsDlq())
        .hasToString("request-events-dlq (bytes -> bytes)");
  }
}
