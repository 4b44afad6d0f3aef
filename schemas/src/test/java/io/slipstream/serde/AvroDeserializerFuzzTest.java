package io.slipstream.serde;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.slipstream.avro.RequestEvent;
import io.slipstream.avro.ResourceSample;
import java.util.Map;
import org.apache.avro.generic.GenericRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * Coverage-guided fuzzing of the Confluent wire-format deserializer: whatever bytes arrive, it
 * returns a record or throws a non-retriable {@link WireFormatException}, nothing else, within the
 * fuzz run's heap. Schema 1 is the request event, 2 the resource sample; every other id is unknown
 * to the registry. Seeds: {@code AvroDeserializerFuzzTestInputs/} next to this class's package in
 * the test resources.
 */
class AvroDeserializerFuzzTest {
  private static FixedSchemaRegistry registry;
  private static AvroDeserializer<RequestEvent> specific;
  private static AvroDeserializer<GenericRecord> generic;

  @BeforeAll
  static void startRegistry() throws Exception {
    registry =
        new FixedSchemaRegistry(
            Map.of(1, RequestEvent.getClassSchema(), 2, ResourceSample.getClassSchema()));
    Map<String, Object> config =
        Map.of(SchemaRegistrySettings.URL, registry.url(), SchemaRegistrySettings.MAX_RETRIES, 0);
    specific = new AvroDeserializer<>(RequestEvent.class);
    specific.configure(config, false);
    generic = new AvroDeserializer<>();
    generic.configure(config, false);
  }

  @AfterAll
  static void stopRegistry() {
    registry.close();
  }

  @FuzzTest(maxDuration = "4s")
  void shouldDecodeOrRefuseWithAWireFormatException(byte[] input) {
    byte[] payload = input;
    if (input.length > 5 && (input[1] & 0x80) == 0) {
      // Most inputs name a schema the registry knows, so the fuzzer spends its time in the body
      // decoder rather than asking the registry about ids it does not know.
      payload = input.clone();
      WireFormat.writeHeader(payload, 1 + (input[4] & 1));
      payload[0] = input[0];
    }
    for (AvroDeserializer<?> deserializer : new AvroDeserializer<?>[] {specific, generic}) {
      try {
        deserializer.deserialize("request-events", payload);
      } catch (WireFormatException e) {
        assertThat(e.isRetriable()).as("refusal of a reachable registry's payload").isFalse();
        assertThat(e.getMessage()).isNotBlank();
      }
    }
  }
}
