package io.slipstream.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.slipstream.avro.Outcome;
import io.slipstream.avro.RequestEvent;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AvroSerializerTest {
  private static final RequestEvent EVENT =
      RequestEvent.newBuilder()
          .setService("checkout")
          .setOperation("GET /cart")
          .setTimestamp(Instant.ofEpochMilli(1_700_000_000_000L))
          .setLatencyMicros(1_000)
          .setStatusCode(200)
          .setOutcome(Outcome.SUCCESS)
          .build();

  private static AvroSerializer<RequestEvent> serializer(String url) {
    AvroSerializer<RequestEvent> serializer = new AvroSerializer<>();
    serializer.configure(
        Map.of(
            SchemaRegistrySettings.URL, url,
            SchemaRegistrySettings.MAX_RETRIES, 1,
            SchemaRegistrySettings.RETRY_BACKOFF_MS, 1),
        false);
    return serializer;
  }

  @Test
  void shouldSerializeWithoutTheRegistryOnceTheSchemaIdIsPrefetched() throws Exception {
    AvroSerializer<RequestEvent> serializer;
    try (ScriptedHttpServer registry = new ScriptedHttpServer()) {
      registry.answer(200, "{\"id\":7}");
      serializer = serializer(registry.url());
      serializer.prefetchSchemaId("request-events", RequestEvent.getClassSchema());
      assertThat(registry.requests()).hasSize(1);
      assertThat(registry.requests().get(0).path())
          .isEqualTo("/subjects/request-events-value/versions");
    }

    byte[] bytes = serializer.serialize("request-events", EVENT);

    assertThat(WireFormat.readSchemaId(bytes)).isEqualTo(7);
  }

  @Test
  void shouldReportAnUnreachableRegistryAsRetriableWhenPrefetching() throws Exception {
    String url;
    try (ScriptedHttpServer registry = new ScriptedHttpServer()) {
      url = registry.url();
    }
    AvroSerializer<RequestEvent> serializer = serializer(url);

    assertThatThrownBy(
            () -> serializer.prefetchSchemaId("request-events", RequestEvent.getClassSchema()))
        .isInstanceOfSatisfying(
            WireFormatException.class,
            e -> assertThat(e.isRetriable()).as("retriable: %s", e).isTrue())
        .hasMessageContaining("request-events-value");
  }
}
