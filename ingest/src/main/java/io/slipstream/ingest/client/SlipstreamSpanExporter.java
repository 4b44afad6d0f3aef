package io.slipstream.ingest.client;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import io.slipstream.avro.RequestEvent;
import java.time.Instant;
import java.util.Collection;
import java.util.Objects;

/**
 * An OpenTelemetry SDK {@link SpanExporter} that turns the service's SERVER spans into request
 * events, so a service already traced with OpenTelemetry needs only configuration:
 *
 * <pre>{@code
 * SdkTracerProvider.builder()
 *     .addSpanProcessor(SimpleSpanProcessor.create(new SlipstreamSpanExporter(publisher)))
 *     ...
 * }</pre>
 *
 * <p>Mapping as in {@link SpanSemantics} (operation from {@code http.route} and {@code
 * http.request.method}, status from {@code http.response.status_code}, outcome from both and the
 * span status), latency end − start, timestamp the end, trace and span ids of the span; the
 * service, instance, region and zone are the publisher's. Other span kinds are ignored.
 *
 * <p>{@link #export} only queues events with the publisher and never blocks (use a {@code
 * SimpleSpanProcessor}: batching again would only add latency); drops are counted in the
 * publisher's metrics. {@link #shutdown()} does not close the publisher, which the caller owns.
 * Requires {@code io.opentelemetry:opentelemetry-sdk-trace} on the class path (an optional
 * dependency of this library).
 */
public final class SlipstreamSpanExporter implements SpanExporter {

  private static final AttributeKey<String> HTTP_ROUTE = AttributeKey.stringKey("http.route");
  private static final AttributeKey<String> HTTP_REQUEST_METHOD =
      AttributeKey.stringKey("http.request.method");
  private static final AttributeKey<String> HTTP_METHOD = AttributeKey.stringKey("http.method");
  private static final AttributeKey<Long> HTTP_RESPONSE_STATUS_CODE =
      AttributeKey.longKey("http.response.status_code");
  private static final AttributeKey<Long> HTTP_STATUS_CODE =
      AttributeKey.longKey("http.status_code");

  private final SlipstreamPublisher publisher;

  public SlipstreamSpanExporter(SlipstreamPublisher publisher) {
    this.publisher = Objects.requireNonNull(publisher, "publisher");
  }

  @Override
  public CompletableResultCode export(Collection<SpanData> spans) {
    for (SpanData span : spans) {
      if (span.getKind() == SpanKind.SERVER && span.hasEnded()) {
        publisher.record(toEvent(span));
      }
    }
    return CompletableResultCode.ofSuccess();
  }

  RequestEvent toEvent(SpanData span) {
    Attributes attributes = span.getAttributes();
    String method = attributes.get(HTTP_REQUEST_METHOD);
    if (method == null) {
      method = attributes.get(HTTP_METHOD);
    }
    Long code = attributes.get(HTTP_RESPONSE_STATUS_CODE);
    if (code == null) {
      code = attributes.get(HTTP_STATUS_CODE);
    }
    Integer statusCode = SpanSemantics.httpStatus(code);
    boolean error = span.getStatus().getStatusCode() == StatusCode.ERROR;
    RequestEvent.Builder event =
        publisher
            .newRequestEvent()
            .setOperation(
                SpanSemantics.operation(attributes.get(HTTP_ROUTE), method, span.getName()))
            .setTimestamp(Instant.ofEpochSecond(0, span.getEndEpochNanos()))
            .setLatencyMicros(
                Math.max(0, span.getEndEpochNanos() - span.getStartEpochNanos()) / 1_000)
            .setStatusCode(statusCode)
            .setOutcome(SpanSemantics.outcome(statusCode, error));
    if (span.getSpanContext().isValid()) {
      event.setTraceId(span.getTraceId()).setSpanId(span.getSpanId());
    }
    return event.setAttributes(new java.util.HashMap<>()).build();
  }

  @Override
  public CompletableResultCode flush() {
    return CompletableResultCode.ofSuccess();
  }

  @Override
  public CompletableResultCode shutdown() {
    return CompletableResultCode.ofSuccess();
  }
}
