package io.slipstream.ingest.otlp;

import com.google.protobuf.ByteString;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.InstrumentationScope;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.proto.trace.v1.Status;
import java.util.HexFormat;

/** Builds OTLP trace exports as an SDK or a collector would send them. */
public final class OtlpPayloads {

  public static final String TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";
  public static final long START_NANOS = 1_700_000_000_000_000_000L;

  private OtlpPayloads() {}

  /**
   * One resource ({@code service}) with: a SERVER span {@code GET /carts/{id}} answering 200 in 12
   * ms; a SERVER span failing with 503 and span status ERROR in 250 ms; a CLIENT span (skipped); a
   * SERVER span with only a name and status ERROR; and a SERVER span ending before it starts.
   */
  public static ExportTraceServiceRequest sample(String service) {
    return ExportTraceServiceRequest.newBuilder()
        .addResourceSpans(
            ResourceSpans.newBuilder()
                .setResource(
                    Resource.newBuilder()
                        .addAttributes(string("service.name", service))
                        .addAttributes(string("service.instance.id", "pod-3"))
                        .addAttributes(string("cloud.region", "eu-west-1")))
                .addScopeSpans(
                    ScopeSpans.newBuilder()
                        .setScope(
                            InstrumentationScope.newBuilder().setName("io.opentelemetry.jetty"))
                        .addSpans(
                            span("0000000000000001", Span.SpanKind.SPAN_KIND_SERVER, "GET", 12)
                                .addAttributes(string("http.request.method", "GET"))
                                .addAttributes(string("http.route", "/carts/{id}"))
                                .addAttributes(integer("http.response.status_code", 200)))
                        .addSpans(
                            span("0000000000000002", Span.SpanKind.SPAN_KIND_SERVER, "POST", 250)
                                .addAttributes(string("http.method", "POST"))
                                .addAttributes(string("http.route", "/orders"))
                                .addAttributes(integer("http.status_code", 503))
                                .setStatus(
                                    Status.newBuilder()
                                        .setCode(Status.StatusCode.STATUS_CODE_ERROR)))
                        .addSpans(
                            span("0000000000000003", Span.SpanKind.SPAN_KIND_CLIENT, "SELECT", 3))
                        .addSpans(
                            span(
                                    "0000000000000004",
                                    Span.SpanKind.SPAN_KIND_SERVER,
                                    "ProcessPayment",
                                    40)
                                .setStatus(
                                    Status.newBuilder()
                                        .setCode(Status.StatusCode.STATUS_CODE_ERROR)))
                        .addSpans(
                            span("0000000000000005", Span.SpanKind.SPAN_KIND_SERVER, "broken", 1)
                                .setEndTimeUnixNano(START_NANOS - 1))))
        .build();
  }

  /** The same export as {@link #sample} for a minimal subset, in OTLP JSON. */
  public static String sampleJson(String service) {
    return """
        {"resourceSpans": [{
          "resource": {"attributes": [
            {"key": "service.name", "value": {"stringValue": "%s"}},
            {"key": "host.name", "value": {"stringValue": "host-9"}}]},
          "scopeSpans": [{"scope": {"name": "manual"}, "spans": [
            {"traceId": "%s", "spanId": "00000000000000a1", "name": "GET /items/{id}",
             "kind": 2, "startTimeUnixNano": "%d", "endTimeUnixNano": "%d",
             "attributes": [
               {"key": "http.request.method", "value": {"stringValue": "GET"}},
               {"key": "http.route", "value": {"stringValue": "/items/{id}"}},
               {"key": "http.response.status_code", "value": {"intValue": "404"}}],
             "status": {}},
            {"traceId": "%s", "spanId": "00000000000000a2", "name": "checkout",
             "kind": "SPAN_KIND_SERVER", "startTimeUnixNano": %d, "endTimeUnixNano": %d,
             "status": {"code": 2}},
            {"traceId": "%s", "spanId": "00000000000000a3", "name": "internal",
             "kind": 1, "startTimeUnixNano": "1", "endTimeUnixNano": "2"}]}]}]}
        """
        .formatted(
            service,
            TRACE_ID,
            START_NANOS,
            START_NANOS + 5_000_000,
            TRACE_ID,
            START_NANOS,
            START_NANOS + 7_500_000,
            TRACE_ID);
  }

  private static Span.Builder span(String spanId, Span.SpanKind kind, String name, long millis) {
    return Span.newBuilder()
        .setTraceId(ByteString.copyFrom(HexFormat.of().parseHex(TRACE_ID)))
        .setSpanId(ByteString.copyFrom(HexFormat.of().parseHex(spanId)))
        .setName(name)
        .setKind(kind)
        .setStartTimeUnixNano(START_NANOS)
        .setEndTimeUnixNano(START_NANOS + millis * 1_000_000);
  }

  private static KeyValue string(String key, String value) {
    return KeyValue.newBuilder()
        .setKey(key)
        .setValue(AnyValue.newBuilder().setStringValue(value))
        .build();
  }

  private static KeyValue integer(String key, long value) {
    return KeyValue.newBuilder()
        .setKey(key)
        .setValue(AnyValue.newBuilder().setIntValue(value))
        .build();
  }
}
