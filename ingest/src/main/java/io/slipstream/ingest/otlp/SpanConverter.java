package io.slipstream.ingest.otlp;

import com.google.protobuf.ByteString;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.proto.trace.v1.Status;
import io.slipstream.avro.Outcome;
import io.slipstream.avro.RequestEvent;
import io.slipstream.ingest.IngestEvent;
import io.slipstream.ingest.client.SpanSemantics;
import io.slipstream.ingest.gateway.ItemError;
import io.slipstream.ingest.gateway.ParsedBatch;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * Turns the SERVER spans of an OTLP export into request events; other span kinds are skipped (not
 * rejected). Follows the OpenTelemetry semantic conventions, current names first, the older ones as
 * fallbacks:
 *
 * <ul>
 *   <li>service: resource attribute {@code service.name} ({@code unknown_service} without one);
 *       instance: {@code service.instance.id}, else {@code host.name}; region: {@code
 *       cloud.region}; zone: {@code cloud.availability_zone};
 *   <li>operation: {@code <method> <http.route>} with the method from {@code http.request.method}
 *       (or {@code http.method}), just the route without a method, else the span name;
 *   <li>status code: {@code http.response.status_code} (or {@code http.status_code});
 *   <li>outcome: see {@link SpanSemantics#outcome};
 *   <li>latency: end − start; timestamp: the end; trace and span id as lowercase hex.
 * </ul>
 *
 * <p>A span ending before it starts, or without a time, is rejected and reported with its index
 * among all spans of the request.
 */
public final class SpanConverter {

  /** The service name OpenTelemetry SDKs use when none is configured. */
  public static final String UNKNOWN_SERVICE = "unknown_service";

  private static final HexFormat HEX = HexFormat.of();

  private SpanConverter() {}

  /** Converts an export request; the batch's item count is the number of spans of every kind. */
  public static ParsedBatch convert(ExportTraceServiceRequest request) {
    List<IngestEvent> events = new ArrayList<>();
    List<ItemError> errors = new ArrayList<>();
    int index = 0;
    for (ResourceSpans resourceSpans : request.getResourceSpansList()) {
      Resource resource = resourceSpans.getResource();
      String service = stringAttribute(resource.getAttributesList(), "service.name");
      if (service == null || service.isBlank()) {
        service = UNKNOWN_SERVICE;
      }
      String instance = stringAttribute(resource.getAttributesList(), "service.instance.id");
      if (instance == null) {
        instance = stringAttribute(resource.getAttributesList(), "host.name");
      }
      String region = stringAttribute(resource.getAttributesList(), "cloud.region");
      String zone = stringAttribute(resource.getAttributesList(), "cloud.availability_zone");
      for (ScopeSpans scopeSpans : resourceSpans.getScopeSpansList()) {
        for (Span span : scopeSpans.getSpansList()) {
          if (span.getKind() == Span.SpanKind.SPAN_KIND_SERVER) {
            RequestEvent event = toEvent(span, service, instance, region, zone, index, errors);
            if (event != null) {
              events.add(IngestEvent.of(event));
            }
          }
          index++;
        }
      }
    }
    return new ParsedBatch(events, errors, index);
  }

  private static RequestEvent toEvent(
      Span span,
      String service,
      String instance,
      String region,
      String zone,
      int index,
      List<ItemError> errors) {
    long start = span.getStartTimeUnixNano();
    long end = span.getEndTimeUnixNano();
    if (start == 0 || end == 0) {
      errors.add(
          new ItemError(index, "endTimeUnixNano", "a server span needs start and end times"));
      return null;
    }
    // unsigned: times after 2262 would be negative; treat as nonsense like end < start
    if (end < start || start < 0) {
      errors.add(new ItemError(index, "endTimeUnixNano", "span ends before it starts"));
      return null;
    }
    List<KeyValue> attributes = span.getAttributesList();
    Integer statusCode = intAttribute(attributes, "http.response.status_code");
    if (statusCode == null) {
      statusCode = intAttribute(attributes, "http.status_code");
    }
    statusCode = statusCode == null ? null : SpanSemantics.httpStatus((long) statusCode);
    boolean spanError = span.getStatus().getCode() == Status.StatusCode.STATUS_CODE_ERROR;
    Outcome outcome = SpanSemantics.outcome(statusCode, spanError);
    return RequestEvent.newBuilder()
        .setService(service)
        .setOperation(operation(span))
        .setTimestamp(Instant.ofEpochSecond(0, end))
        .setLatencyMicros((end - start) / 1_000)
        .setStatusCode(statusCode)
        .setOutcome(outcome)
        .setTraceId(hexId(span.getTraceId(), 16))
        .setSpanId(hexId(span.getSpanId(), 8))
        .setInstance(instance)
        .setRegion(region)
        .setZone(zone)
        .setAttributes(Map.of())
        .build();
  }

  private static String operation(Span span) {
    List<KeyValue> attributes = span.getAttributesList();
    String method = stringAttribute(attributes, "http.request.method");
    if (method == null) {
      method = stringAttribute(attributes, "http.method");
    }
    return SpanSemantics.operation(
        stringAttribute(attributes, "http.route"), method, span.getName());
  }

  private static String hexId(ByteString id, int length) {
    if (id.size() != length) {
      return null;
    }
    String hex = HEX.formatHex(id.toByteArray());
    return hex.chars().allMatch(c -> c == '0') ? null : hex;
  }

  static String stringAttribute(List<KeyValue> attributes, String key) {
    for (KeyValue attribute : attributes) {
      if (attribute.getKey().equals(key)
          && attribute.getValue().getValueCase() == AnyValue.ValueCase.STRING_VALUE) {
        return attribute.getValue().getStringValue();
      }
    }
    return null;
  }

  static Integer intAttribute(List<KeyValue> attributes, String key) {
    for (KeyValue attribute : attributes) {
      if (!attribute.getKey().equals(key)) {
        continue;
      }
      AnyValue value = attribute.getValue();
      if (value.getValueCase() == AnyValue.ValueCase.INT_VALUE
          && value.getIntValue() >= Integer.MIN_VALUE
          && value.getIntValue() <= Integer.MAX_VALUE) {
        return (int) value.getIntValue();
      }
      if (value.getValueCase() == AnyValue.ValueCase.STRING_VALUE) {
        try {
          return Integer.parseInt(value.getStringValue().strip());
        } catch (NumberFormatException e) {
          return null;
        }
      }
    }
    return null;
  }
}
