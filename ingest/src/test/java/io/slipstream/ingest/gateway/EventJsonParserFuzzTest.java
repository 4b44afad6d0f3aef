package io.slipstream.ingest.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

/**
 * Coverage-guided fuzzing of the gateway's JSON and NDJSON parser: whatever the body, a JSON body
 * parses into good events and per-item errors or is refused with {@link MalformedBodyException}; an
 * NDJSON body never throws. Every item is accounted for, as an event or an error, and every
 * accepted event can be written in Avro (else Kafka would refuse it after the client was told it
 * was accepted). Seeds: {@code EventJsonParserFuzzTestInputs/} in the test resources.
 */
class EventJsonParserFuzzTest {
  private static final EventJsonParser PARSER =
      new EventJsonParser(
          new ObjectMapper(), Clock.fixed(Instant.parse("2025-01-01T00:00:00Z"), ZoneOffset.UTC));

  @FuzzTest(maxDuration = "4s")
  void shouldParseOrRefuseEveryBodyWithoutLosingItems(byte[] body) {
    try {
      assertAccounted(PARSER.parseJson(body));
    } catch (MalformedBodyException e) {
      assertThat(e.getMessage()).isNotBlank();
    }
    assertAccounted(PARSER.parseNdjson(body));
  }

  private static void assertAccounted(ParsedBatch batch) {
    assertThat(batch.events().size() + batch.rejectedCount())
        .as("every item is an event or has an error")
        .isEqualTo(batch.itemCount());
    batch.events().forEach(AcceptedEvents::assertWritable);
  }
}
