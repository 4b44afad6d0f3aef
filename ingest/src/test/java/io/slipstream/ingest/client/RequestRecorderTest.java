package io.slipstream.ingest.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import io.slipstream.avro.Outcome;
import io.slipstream.avro.RequestEvent;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Collection;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RequestRecorderTest {

  private static final Instant NOW = Instant.parse("2025-03-01T12:00:00Z");

  @TempDir Path spoolDir;
  private SlipstreamPublisher publisher;

  @BeforeEach
  void startPublisher() {
    publisher =
        SlipstreamPublisher.builder()
            .service("checkout")
            .bootstrapServers("127.0.0.1:9")
            .schemaRegistryUrl("http://127.0.0.1:9")
            .instance("pod-7")
            .region("eu-west-1")
            .zone("eu-west-1a")
            .clock(Clock.fixed(NOW, ZoneOffset.UTC))
            .spoolDirectory(spoolDir)
            .build();
  }

  @AfterEach
  void closePublisher() {
    publisher.close();
  }

  @Test
  void shouldFillTheEventFromWhatTheServiceKnows() {
    RequestEvent event =
        publisher
            .request("GET /carts/{id}")
            .statusCode(503)
            .latency(Duration.ofMillis(12))
            .traceparent("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01")
            .attribute("tier", "gold")
            .build();

    assertThat(event.getService()).isEqualTo("checkout");
    assertThat(event.getOperation()).isEqualTo("GET /carts/{id}");
    assertThat(event.getTimestamp()).isEqualTo(NOW);
    assertThat(event.getLatencyMicros()).isEqualTo(12_000);
    assertThat(event.getStatusCode()).isEqualTo(503);
    assertThat(event.getOutcome()).isEqualTo(Outcome.ERROR);
    assertThat(event.getTraceId()).isEqualTo("4bf92f3577b34da6a3ce929d0e0e4736");
    assertThat(event.getSpanId()).isEqualTo("00f067aa0ba902b7");
    assertThat(event.getInstance()).isEqualTo("pod-7");
    assertThat(event.getRegion()).isEqualTo("eu-west-1");
    assertThat(event.getZone()).isEqualTo("eu-west-1a");
    assertThat(event.getAttributes()).containsEntry("tier", "gold");
  }

  @Test
  void shouldPreferAnExplicitOutcomeAndDefaultToUnknownWithoutStatus() {
    assertThat(publisher.request("consume").outcome(Outcome.TIMEOUT).statusCode(200).build())
        .extracting(RequestEvent::getOutcome)
        .isEqualTo(Outcome.TIMEOUT);
    RequestEvent noStatus = publisher.request("consume").build();
    assertThat(noStatus.getOutcome()).isEqualTo(Outcome.UNKNOWN);
    assertThat(noStatus.getStatusCode()).isNull();
    assertThat(noStatus.getTraceId()).isNull();
  }

  @Test
  void shouldPickUpTheCurrentOpenTelemetrySpan() {
    // The SDK hands out no-op tracers while no span processor is registered.
    SpanExporter discard =
        new SpanExporter() {
          @Override
          public CompletableResultCode export(Collection<SpanData> spans) {
            return CompletableResultCode.ofSuccess();
          }

          @Override
          public CompletableResultCode flush() {
            return CompletableResultCode.ofSuccess();
          }

          @Override
          public CompletableResultCode shutdown() {
            return CompletableResultCode.ofSuccess();
          }
        };
    try (SdkTracerProvider tracing =
        SdkTracerProvider.builder().addSpanProcessor(SimpleSpanProcessor.create(discard)).build()) {
      Span span = tracing.get("test").spanBuilder("GET /carts/{id}").startSpan();
      System.out.println(
          "SPAN "
              + tracing
              + " "
              + tracing.get("test").getClass()
              + " "
              + tracing.get("test").spanBuilder("x").getClass());
      RequestEvent event;
      Scope scope = span.makeCurrent();
      try {
        event = publisher.request("GET /carts/{id}").statusCode(200).build();
      } finally {
        scope.close();
        span.end();
      }
      assertThat(CurrentTraceContext.isOpenTelemetryPresent()).isTrue();
      assertThat(event.getTraceId()).isEqualTo(span.getSpanContext().getTraceId());
      assertThat(event.getSpanId()).isEqualTo(span.getSpanContext().getSpanId());
    }
  }

  @Test
  void shouldMapHttpStatusCodesToOutcomes() {
    assertThat(Outcomes.fromHttpStatus(200)).isEqualTo(Outcome.SUCCESS);
    assertThat(Outcomes.fromHttpStatus(302)).isEqualTo(Outcome.SUCCESS);
    assertThat(Outcomes.fromHttpStatus(404)).isEqualTo(Outcome.CLIENT_ERROR);
    assertThat(Outcomes.fromHttpStatus(499)).isEqualTo(Outcome.CANCELLED);
    assertThat(Outcomes.fromHttpStatus(500)).isEqualTo(Outcome.ERROR);
    assertThat(Outcomes.fromHttpStatus(504)).isEqualTo(Outcome.TIMEOUT);
    assertThat(Outcomes.fromHttpStatus(0)).isEqualTo(Outcome.UNKNOWN);
  }
}
