package io.slipstream.ingest.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.slipstream.avro.Outcome;
import org.junit.jupiter.api.Test;

/** The span-to-event conventions; the exporter itself runs against Kafka in its IT. */
class SlipstreamSpanExporterTest {

  @Test
  void shouldApplyTheSemanticConventionsForOperationsAndOutcomes() {
    assertThat(SpanSemantics.operation("/a/{id}", "PUT", "x")).isEqualTo("PUT /a/{id}");
    assertThat(SpanSemantics.operation("/a/{id}", null, "x")).isEqualTo("/a/{id}");
    assertThat(SpanSemantics.operation(null, "PUT", "x")).isEqualTo("x");
    assertThat(SpanSemantics.operation(" ", null, "")).isEqualTo("unknown");
    assertThat(SpanSemantics.outcome(200, true)).isEqualTo(Outcome.ERROR);
    assertThat(SpanSemantics.outcome(404, false)).isEqualTo(Outcome.CLIENT_ERROR);
    assertThat(SpanSemantics.outcome(504, true)).isEqualTo(Outcome.TIMEOUT);
    assertThat(SpanSemantics.outcome(null, false)).isEqualTo(Outcome.SUCCESS);
    assertThat(SpanSemantics.httpStatus(42L)).isNull();
    assertThat(SpanSemantics.httpStatus(200L)).isEqualTo(200);
  }
}
