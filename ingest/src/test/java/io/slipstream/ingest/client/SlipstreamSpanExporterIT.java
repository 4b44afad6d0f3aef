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
import io.slipstream.ingest.IngestTopics;
import io.slipstream.ingest.TopicReader;
import io.slipstream.localstack.LocalStack;
import io.slipstream.localstack.LocalStackExtension;
import io.slipstream.localstack.TestResources;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The exporter in a real OpenTelemetry SDK, publishing to Kafka. */
@Tag("integration")
@ExtendWith(LocalStackExtension.class)
class SlipstreamSpanExporterIT {

  private static final Duration WAIT = Duration.ofSeconds(30);

  @TempDir Path spoolDir;

  @Test
  void shouldRecordServerSpansAsRequestEventsAndIgnoreOtherKinds(
      LocalStack stack, TestResources resources) {
    IngestTopics topics =
        IngestTopics.named(resources.topic("request-events"), resources.topic("resource-samples"));
    resources.createTopic(topics.requestEvents().name(), 1);
    Instant start = Instant.parse("2025-03-01T12:00:00Z");
    Span ok;
    try (SlipstreamPublisher publisher =
            SlipstreamPublisher.builder()
                .service("checkout")
                .bootstrapServers(stack.bootstrapServers())
                .schemaRegistryUrl(stack.schemaRegistryUrl())
                .topics(topics)
                .instance("pod-1")
                .spoolDirectory(spoolDir)
                .build();
        SdkTracerProvider tracing =
            SdkTracerProvider.builder()
                .addSpanProcessor(SimpleSpanProcessor.create(new SlipstreamSpanExporter(publisher)))
                .build()) {
      Tracer tracer = tracing.get("test");
      ok =
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

      await("two events sent").atMost(WAIT).until(() -> publisher.metrics().sent() == 2);
    }

    List<RequestEvent> events =
        TopicReader.readAtLeast(
                stack.bootstrapServers(),
                stack.schemaRegistryUrl(),
                topics.requestEvents().name(),
                RequestEvent.class,
                2,
                WAIT)
            .stream()
            .map(ConsumerRecord::value)
            .toList();
    assertThat(events).hasSize(2);
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
  }
}
