package io.slipstream.ingest.otlp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.protobuf.ByteString;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.proto.trace.v1.Status;
import io.slipstream.ingest.gateway.MalformedBodyException;
import java.io.IOException;
import java.util.HexFormat;
import java.util.Locale;

/**
 * Reads the OTLP/HTTP JSON encoding of a trace export into the protobuf message, as far as {@link
 * SpanConverter} needs it: resource attributes; span ids, name, kind, times, attributes and status.
 *
 * <p>OTLP JSON is not protobuf's canonical JSON mapping: trace and span ids are hex (not base64),
 * enums are integers (names are accepted too), 64-bit integers may be strings or numbers, and field
 * names are lowerCamelCase (snake_case is accepted too). Unknown fields are ignored.
 */
public final class OtlpJson {

  private static final HexFormat HEX = HexFormat.of();

  private OtlpJson() {}

  /**
   * Parses an {@code ExportTraceServiceRequest} in OTLP JSON.
   *
   * @throws MalformedBodyException if the body is not JSON or a field has the wrong shape
   */
  public static ExportTraceServiceRequest parse(ObjectMapper mapper, byte[] body) {
    JsonNode root;
    try {
      root = mapper.readTree(body);
    } catch (IOException e) {
      throw new MalformedBodyException("body is not valid JSON");
    }
    if (root == null || !root.isObject()) {
      throw new MalformedBodyException("body must be a JSON object with resourceSpans");
    }
    ExportTraceServiceRequest.Builder request = ExportTraceServiceRequest.newBuilder();
    for (JsonNode resourceSpans : array(root, "resourceSpans", "resource_spans")) {
      ResourceSpans.Builder resource = ResourceSpans.newBuilder();
      JsonNode resourceNode = field(resourceSpans, "resource", "resource");
      if (resourceNode != null) {
        Resource.Builder r = Resource.newBuilder();
        for (JsonNode attribute : array(resourceNode, "attributes", "attributes")) {
          r.addAttributes(keyValue(attribute));
        }
        resource.setResource(r);
      }
      for (JsonNode scopeSpans : array(resourceSpans, "scopeSpans", "scope_spans")) {
        ScopeSpans.Builder scope = ScopeSpans.newBuilder();
        for (JsonNode span : array(scopeSpans, "spans", "spans")) {
          scope.addSpans(span(span));
        }
        resource.addScopeSpans(scope);
      }
      request.addResourceSpans(resource);
    }
    return request.build();
  }

  private static Span span(JsonNode node) {
    Span.Builder span = Span.newBuilder();
    span.setTraceId(id(node, "traceId", "trace_id", 16));
    span.setSpanId(id(node, "spanId", "span_id", 8));
    JsonNode name = field(node, "name", "name");
    if (name != null && name.isTextual()) {
      span.setName(name.textValue());
    }
    span.setKindValue(enumValue(field(node, "kind", "kind"), "SPAN_KIND_", Span.SpanKind.values()));
    span.setStartTimeUnixNano(uint64(field(node, "startTimeUnixNano", "start_time_unix_nano")));
    span.setEndTimeUnixNano(uint64(field(node, "endTimeUnixNano", "end_time_unix_nano")));
    for (JsonNode attribute : array(node, "attributes", "attributes")) {
      span.addAttributes(keyValue(attribute));
    }
    JsonNode status = field(node, "status", "status");
    if (status != null) {
      span.setStatus(
          Status.newBuilder()
              .setCodeValue(
                  enumValue(
                      field(status, "code", "code"), "STATUS_CODE_", Status.StatusCode.values())));
    }
    return span.build();
  }

  private static KeyValue keyValue(JsonNode node) {
    JsonNode key = field(node, "key", "key");
    if (key == null || !key.isTextual()) {
      throw new MalformedBodyException("an attribute needs a string key");
    }
    KeyValue.Builder keyValue = KeyValue.newBuilder().setKey(key.textValue());
    JsonNode value = field(node, "value", "value");
    if (value != null && value.isObject()) {
      AnyValue.Builder any = AnyValue.newBuilder();
      JsonNode v;
      if ((v = field(value, "stringValue", "string_value")) != null && v.isTextual()) {
        any.setStringValue(v.textValue());
      } else if ((v = field(value, "intValue", "int_value")) != null) {
        any.setIntValue(int64(v));
      } else if ((v = field(value, "doubleValue", "double_value")) != null && v.isNumber()) {
        any.setDoubleValue(v.doubleValue());
      } else if ((v = field(value, "boolValue", "bool_value")) != null && v.isBoolean()) {
        any.setBoolValue(v.booleanValue());
      }
      keyValue.setValue(any);
    }
    return keyValue.build();
  }

  private static ByteString id(JsonNode node, String name, String snake, int bytes) {
    JsonNode value = field(node, name, snake);
    if (value == null || value.isNull() || (value.isTextual() && value.textValue().isEmpty())) {
      return ByteString.EMPTY;
    }
    if (!value.isTextual() || value.textValue().length() != bytes * 2) {
      throw new MalformedBodyException(name + " must be " + bytes * 2 + " hex digits");
    }
    try {
      return ByteString.copyFrom(HEX.parseHex(value.textValue().toLowerCase(Locale.ROOT)));
    } catch (IllegalArgumentException e) {
      throw new MalformedBodyException(name + " must be " + bytes * 2 + " hex digits");
    }
  }

  private static <E extends Enum<E>> int enumValue(JsonNode node, String prefix, E[] values) {
    if (node == null || node.isNull()) {
      return 0;
    }
    if (node.isIntegralNumber()) {
      return node.intValue();
    }
    if (node.isTextual()) {
      String name = node.textValue().toUpperCase(Locale.ROOT);
      for (E value : values) {
        // Protobuf's UNRECOGNIZED stands for numbers this version does not know; it has no number
        // of its own, so a client naming it has sent no known value.
        if (value.name().equals("UNRECOGNIZED")) {
          continue;
        }
        if (value.name().equals(name) || value.name().equals(prefix + name)) {
          return ((com.google.protobuf.ProtocolMessageEnum) value).getNumber();
        }
      }
    }
    throw new MalformedBodyException("'" + node + "' is not a known " + prefix + "value");
  }

  private static long uint64(JsonNode node) {
    if (node == null || node.isNull()) {
      return 0;
    }
    if (node.isIntegralNumber()) {
      return node.longValue();
    }
    if (node.isTextual()) {
      try {
        return Long.parseUnsignedLong(node.textValue().strip());
      } catch (NumberFormatException e) {
        throw new MalformedBodyException("'" + node.textValue() + "' is not an unsigned integer");
      }
    }
    throw new MalformedBodyException("'" + node + "' is not an unsigned integer");
  }

  private static long int64(JsonNode node) {
    if (node.isIntegralNumber()) {
      return node.longValue();
    }
    if (node.isTextual()) {
      try {
        return Long.parseLong(node.textValue().strip());
      } catch (NumberFormatException e) {
        throw new MalformedBodyException("'" + node.textValue() + "' is not an integer");
      }
    }
    throw new MalformedBodyException("'" + node + "' is not an integer");
  }

  private static JsonNode field(JsonNode node, String name, String snake) {
    JsonNode value = node.get(name);
    return value != null ? value : node.get(snake);
  }

  private static Iterable<JsonNode> array(JsonNode node, String name, String snake) {
    JsonNode value = field(node, name, snake);
    if (value == null || value.isNull()) {
      return java.util.List.of();
    }
    if (!value.isArray()) {
      throw new MalformedBodyException(name + " must be an array");
    }
    return value;
  }
}
