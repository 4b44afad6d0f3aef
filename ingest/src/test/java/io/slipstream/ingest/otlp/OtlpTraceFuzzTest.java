package io.slipstream.ingest.otlp;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.slipstream.ingest.gateway.AcceptedEvents;
import io.slipstream.ingest.gateway.MalformedBodyException;
import io.slipstream.ingest.gateway.ParsedBatch;

/**
 * Coverage-guided fuzzing of the OTLP trace endpoint's decoding, protobuf and JSON: a body decodes
 * to an export request or is refused with {@link MalformedBodyException}; converting what decoded
 * never throws, accounts for every span it rejects, and yields only events Avro can write. Seeds:
 * {@code OtlpTraceFuzzTestInputs/} in the test resources.
 */
class OtlpTraceFuzzTest {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  @FuzzTest(maxDuration = "4s")
  void shouldDecodeOrRefuseEveryBodyInBothEncodings(byte[] body) {
    for (String mediaType : new String[] {OtlpTraceEndpoint.PROTOBUF, OtlpTraceEndpoint.JSON}) {
      ExportTraceServiceRequest request;
      try {
        request = OtlpTraceEndpoint.decode(MAPPER, mediaType, body);
      } catch (MalformedBodyException e) {
        assertThat(e.getMessage()).isNotBlank();
        continue;
      }
      ParsedBatch batch = SpanConverter.convert(request);
      assertThat(batch.events().size() + batch.rejectedCount())
          .isLessThanOrEqualTo(batch.itemCount());
      batch.events().forEach(AcceptedEvents::assertWritable);
    }
  }
}
