package io.slipstream.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.slipstream.avro.Outcome;
import io.slipstream.avro.RequestEvent;
import io.slipstream.avro.ResourceSample;
import io.slipstream.contracts.Topics;
import io.slipstream.serde.InMemorySchemaRegistry;
import io.slipstream.serde.SchemaRegistrySettings;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Serializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class IngestTopicsTest {
  private static final RequestEvent EVENT =
      RequestEvent.newBuilder()
          .setService("checkout")
          .setOperation("GET /carts/{id}")
          .setTimestamp(Instant.ofEpochMilli(1_700_000_000_123L))
          .setLatencyMicros(12_345)
          .setStatusCode(200)
          .setOutcome(Outcome.SUCCESS)
          .build();
  private static final ResourceSample SAMPLE =
      ResourceSample.newBuilder()
          .setService("checkout")
          .setInstance("pod-1")
          .setTimestamp(Instant.ofEpochMilli(1_700_000_000_000L))
          .setCpuUtilization(0.5)
          .setMemoryUtilization(0.25)
          .build();

  private final String scope = "ingest-topics-test-" + UUID.randomUUID();
  private final Map<String, Object> serdeConfig =
      Map.of(SchemaRegistrySettings.URL, InMemorySchemaRegistry.SCHEME + "://" + scope);

  @AfterEach
  void dropTheRegistry() {
    InMemorySchemaRegistry.drop(scope);
  }

  @Test
  void shouldWriteToTheCataloguesInputTopicsByDefault() {
    assertThat(IngestTopics.DEFAULTS).isEqualTo(IngestTopics.from(Topics.defaults()));
    assertThat(IngestTopics.DEFAULTS.topicFor(IngestEvent.Kind.REQUEST_EVENT).name())
        .isEqualTo("request-events");
    assertThat(IngestTopics.DEFAULTS.topicFor(IngestEvent.Kind.RESOURCE_SAMPLE).name())
        .isEqualTo("resource-samples");
  }

  @Test
  void shouldKeepTheCataloguesTypesUnderOtherNames() {
    IngestTopics renamed = IngestTopics.named("team-a-requests", "team-a-samples");

    assertThat(renamed.requestEvents())
        .isEqualTo(Topics.defaults().requestEvents().named("team-a-requests"));
    assertThat(renamed.resourceSamples())
        .isEqualTo(Topics.defaults().resourceSamples().named("team-a-samples"));
  }

  @Test
  void shouldRefuseOneTopicForBothKinds() {
    assertThatThrownBy(() -> IngestTopics.named("events", "events"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("events");
  }

  @Test
  void shouldWriteEachRecordWithItsTopicsSerializer() {
    IngestTopics topics = IngestTopics.named("requests", "samples");
    Serializer<SpecificRecord> values = topics.valueSerializer(serdeConfig);

    byte[] event = values.serialize("requests", EVENT);
    byte[] sample = values.serialize("samples", SAMPLE);

    assertThat(topics.requestEvents().valueDeserializer(serdeConfig).deserialize("requests", event))
        .isEqualTo(EVENT);
    assertThat(
            topics.resourceSamples().valueDeserializer(serdeConfig).deserialize("samples", sample))
        .isEqualTo(SAMPLE);
    assertThat(values.serialize("requests", null)).isNull();
  }

  @Test
  void shouldRefuseARecordOfTheOtherKind() {
    Serializer<SpecificRecord> values = IngestTopics.DEFAULTS.valueSerializer(serdeConfig);

    assertThatThrownBy(() -> values.serialize("request-events", SAMPLE))
        .isInstanceOf(SerializationException.class)
        .hasMessageContaining("ResourceSample")
        .hasMessageContaining("request-events");
  }

  @Test
  void shouldRefuseATopicThatIsNeitherInput() {
    Serializer<SpecificRecord> values = IngestTopics.DEFAULTS.valueSerializer(serdeConfig);

    assertThatThrownBy(() -> values.serialize("sli-snapshots", EVENT))
        .isInstanceOf(SerializationException.class)
        .hasMessageContaining("sli-snapshots");
  }
}
