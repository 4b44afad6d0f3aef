package io.slipstream.ingest.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.slipstream.avro.Outcome;
import io.slipstream.avro.RequestEvent;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.MockProducer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SlipstreamSpanExporterTest {

  @TempDir Path spoolDir;

  @Test
  void shouldRecordServerSpansAsRequestEventsAndIgnoreOtherKinds() {
    MockProducer<String, SpecificRecord> producer = SlipstreamPublisherTest.mockProducer(true);
    try (SlipstreamPublisher publisher =
            SlipstreamPublisher.builder()
                .service("checkout")
                .bootstrapServers("127.0.0.1:9")
                .instance("pod-1")
                .spoolDirectory(spoolDir)
                .producerFactory(settings -> producer)
                .build();
        SdkTracerProvider tracing =
            SdkTracerProvider.builder()
                .addSpanProcessor(SimpleSpanProcessor.create(new SlipstreamSpanExporter(publisher)))
                .build()) {
      Tracer tracer = tracing.get("test");
      Instant start = Instant.parse("2025-03-01T12:00:00Z");
      Span ok =
          tracer
              .spanBuilder("GET /carts/{id}")
              .setSpanKind(SpanKind.SERVER)
              .setStartTimestamp(start)
              .setAttribute("http.request.method", "GET")
              .setAttribute("http.route", "/carts/{id}")
              .setAttribute("http.response.status_code", 200L)
              .startSpan();
      ok.end(start.plusMillis(42));
      Span failed =
          tracer
              .spanBuilder("charge")
              .setSpanKind(SpanKind.SERVER)
              .setStartTimestamp(start)
              .startSpan();
      failed.setStatus(StatusCode.ERROR);
      failed.end(start.plusMillis(3));
      Span client =
          tracer
              .spanBuilder("SELECT")
              .setSpanKind(SpanKind.CLIENT)
              .setStartTimestamp(start)
              .startSpan();
      client.end(start.plusMillis(1));

      await("two events sent")
          .atMost(10, TimeUnit.SECONDS)
          .until(() -> publisher.metrics().sent() == 2);
      List<RequestEvent> events =
          producer.history().stream().map(r -> (RequestEvent) r.value()).toList();
      assertThat(events.get(0).getOperation()).isEqualTo("GET /carts/{id}");
      assertThat(events.get(0).getStatusCode()).isEqualTo(200);
      assertThat(events.get(0).getOutcome()).isEqualTo(Outcome.SUCCESS);
      assertThat(events.get(0).getLatencyMicros()).isEqualTo(42_000);
      assertThat(events.get(0).getTimestamp()).isEqualTo(start.plusMillis(42));
      assertThat(events.get(0).getTraceId()).isEqualTo(ok.getSpanContext().getTraceId());
      assertThat(events.get(0).getSpanId()).isEqualTo(ok.getSpanContext().getSpanId());
      assertThat(events.get(0).getService()).isEqualTo("checkout");
      assertThat(events.get(0).getInstance()).isEqualTo("pod-1");
      assertThat(events.get(1).getOperation()).isEqualTo("charge");
      assertThat(events.get(1).getOutcome()).isEqualTo(Outcome.ERROR);
      assertThat(events.get(1).getStatusCode()).isNull();
      assertThat(publisher.metrics().sent()).isEqualTo(2);
    }
  }

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
