package io.slipstream.ingest.gateway;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.slipstream.avro.Outcome;
import io.slipstream.avro.RequestEvent;
import io.slipstream.avro.ResourceSample;
import io.slipstream.ingest.IngestEvent;
import io.slipstream.ingest.client.Outcomes;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Parses the gateway's JSON events: a JSON array of items (or a single item), or NDJSON (one item
 * per line). Each item is validated on its own; the good ones are kept, the bad ones reported with
 * their index and every offending field.
 *
 * <p>An item is a request event unless {@code "type": "resource"}:
 *
 * <pre>
 * {"service": "checkout", "operation": "GET /carts/{id}", "timestamp": 1700000000000 | "2025-...Z",
 *  "latencyMicros": 12000 | "latencyMs": 12.0, "statusCode": 200, "outcome": "SUCCESS",
 *  "traceId": "32 hex", "spanId": "16 hex", "instance": "...", "region": "...", "zone": "...",
 *  "attributes": {"tier": "gold"}}
 * {"type": "resource", "service": "checkout", "instance": "pod-1", "timestamp": ...,
 *  "cpuUtilization": 0.5, "memoryUtilization": 0.3, "inFlightRequests": 12, "queueDepth": 0,
 *  "poolUtilization": 0.8}
 * </pre>
 *
 * <p>{@code timestamp} defaults to the time of receipt; {@code outcome} to what {@code statusCode}
 * says ({@link Outcomes#fromHttpStatus}), or {@code UNKNOWN}. Unknown fields are ignored, so
 * clients may send more than this version knows.
 */
public final class EventJsonParser {

  /** The most attributes an event may carry. */
  public static final int MAX_ATTRIBUTES = 32;

  /** The longest name (service, operation, instance...) accepted. */
  public static final int MAX_NAME_LENGTH = 256;

  private static final Pattern TRACE_ID = Pattern.compile("[0-9a-f]{32}");
  private static final Pattern SPAN_ID = Pattern.compile("[0-9a-f]{16}");

  private final ObjectMapper mapper;
  private final Clock clock;

  public EventJsonParser(ObjectMapper mapper, Clock clock) {
    this.mapper = mapper;
    this.clock = clock;
  }

  /**
   * Parses a JSON array (or single object) body.
   *
   * @throws MalformedBodyException if the body is not JSON at all
   */
  public ParsedBatch parseJson(byte[] body) {
    JsonNode root;
    try {
      root = mapper.readTree(body);
    } catch (IOException e) {
      throw new MalformedBodyException("body is not valid JSON: " + originalMessage(e));
    }
    if (root == null || root.isMissingNode()) {
      throw new MalformedBodyException("body is empty");
    }
    List<JsonNode> items = new ArrayList<>();
    if (root.isArray()) {
      root.forEach(items::add);
    } else if (root.isObject()) {
      items.add(root);
    } else {
      throw new MalformedBodyException("body must be a JSON array of events or one event");
    }
    Batch batch = new Batch();
    for (int i = 0; i < items.size(); i++) {
      batch.add(i, items.get(i));
    }
    return batch.finish(items.size());
  }

  /** Parses an NDJSON body: one item per non-blank line; a line that is not JSON is a bad item. */
  public ParsedBatch parseNdjson(byte[] body) {
    String text = new String(body, StandardCharsets.UTF_8);
    Batch batch = new Batch();
    int index = 0;
    for (String line : text.split("\n")) {
      if (line.isBlank()) {
        continue;
      }
      try {
        batch.add(index, mapper.readTree(line));
      } catch (JsonProcessingException e) {
        batch.errors.add(new ItemError(index, "$", "not valid JSON: " + originalMessage(e)));
      }
      index++;
    }
    return batch.finish(index);
  }

  private final class Batch {
    final List<IngestEvent> events = new ArrayList<>();
    final List<ItemError> errors = new ArrayList<>();

    void add(int index, JsonNode item) {
      if (item == null || !item.isObject()) {
        errors.add(new ItemError(index, "$", "an event must be a JSON object"));
        return;
      }
      ItemReader reader = new ItemReader(index, item, errors);
      String type = reader.optionalText("type");
      IngestEvent event;
      if (type == null || type.equals("request")) {
        event = reader.requestEvent();
      } else if (type.equals("resource")) {
        event = reader.resourceSample();
      } else {
        reader.error("type", "must be 'request' or 'resource'");
        event = null;
      }
      if (event != null && !reader.failed) {
        events.add(event);
      }
    }

    ParsedBatch finish(int itemCount) {
      return new ParsedBatch(events, errors, itemCount);
    }
  }

  /** Reads the fields of one item, collecting an error per bad field. */
  private final class ItemReader {
    final int index;
    final JsonNode item;
    final List<ItemError> errors;
    boolean failed;

    ItemReader(int index, JsonNode item, List<ItemError> errors) {
      this.index = index;
      this.item = item;
      this.errors = errors;
    }

    IngestEvent requestEvent() {
      String service = requiredName("service");
      String operation = requiredName("operation");
      Instant timestamp = timestamp();
      long latencyMicros = latencyMicros();
      Integer statusCode = optionalInt("statusCode", 100, 599);
      Outcome outcome = outcome(statusCode);
      String traceId = optionalMatching("traceId", TRACE_ID, "32 lowercase hex digits");
      String spanId = optionalMatching("spanId", SPAN_ID, "16 lowercase hex digits");
      String instance = optionalName("instance");
      String region = optionalName("region");
      String zone = optionalName("zone");
      Map<String, String> attributes = attributes();
      if (failed) {
        return null;
      }
      return IngestEvent.of(
          RequestEvent.newBuilder()
              .setService(service)
              .setOperation(operation)
              .setTimestamp(timestamp)
              .setLatencyMicros(latencyMicros)
              .setStatusCode(statusCode)
              .setOutcome(outcome)
              .setTraceId(traceId)
              .setSpanId(spanId)
              .setInstance(instance)
              .setRegion(region)
              .setZone(zone)
              .setAttributes(attributes)
              .build());
    }

    IngestEvent resourceSample() {
      String service = requiredName("service");
      String instance = requiredName("instance");
      Instant timestamp = timestamp();
      Double cpu = utilization("cpuUtilization", true);
      Double memory = utilization("memoryUtilization", true);
      Integer inFlight = optionalInt("inFlightRequests", 0, Integer.MAX_VALUE);
      Integer queueDepth = optionalInt("queueDepth", 0, Integer.MAX_VALUE);
      Double pool = utilization("poolUtilization", false);
      if (failed) {
        return null;
      }
      return IngestEvent.of(
          ResourceSample.newBuilder()
              .setService(service)
              .setInstance(instance)
              .setTimestamp(timestamp)
              .setCpuUtilization(cpu)
              .setMemoryUtilization(memory)
              .setInFlightRequests(inFlight)
              .setQueueDepth(queueDepth)
              .setPoolUtilization(pool)
              .build());
    }

    void error(String field, String message) {
      errors.add(new ItemError(index, field, message));
      failed = true;
    }

    String optionalText(String field) {
      JsonNode node = item.get(field);
      if (node == null || node.isNull()) {
        return null;
      }
      if (!node.isTextual()) {
        error(field, "must be a string");
        return null;
      }
      return node.textValue();
    }

    String requiredName(String field) {
      JsonNode node = item.get(field);
      if (node == null || node.isNull()) {
        error(field, "is required");
        return null;
      }
      String value = optionalName(field);
      if (value != null && value.isBlank()) {
        error(field, "must not be blank");
      }
      return value;
    }

    String optionalName(String field) {
      String value = optionalText(field);
      if (value != null && value.length() > MAX_NAME_LENGTH) {
        error(field, "must be at most " + MAX_NAME_LENGTH + " characters");
      }
      return value;
    }

    String optionalMatching(String field, Pattern pattern, String description) {
      String value = optionalText(field);
      if (value != null && !pattern.matcher(value).matches()) {
        error(field, "must be " + description);
        return null;
      }
      return value;
    }

    Instant timestamp() {
      JsonNode node = item.get("timestamp");
      if (node == null || node.isNull()) {
        return clock.instant();
      }
      if (node.isIntegralNumber() && node.canConvertToLong() && node.longValue() >= 0) {
        return Instant.ofEpochMilli(node.longValue());
      }
      if (node.isTextual()) {
        try {
          Instant instant = Instant.parse(node.textValue());
          // Events carry epoch milliseconds: an instant beyond their range (ISO-8601 allows years
          // up to a billion) could be accepted here but never written to Kafka.
          instant.toEpochMilli();
          return instant;
        } catch (DateTimeParseException | ArithmeticException e) {
          // reported below
        }
      }
      error(
          "timestamp",
          "must be epoch milliseconds or an ISO-8601 instant such as 2025-01-01T00:00:00Z");
      return null;
    }

    long latencyMicros() {
      JsonNode micros = item.get("latencyMicros");
      JsonNode millis = item.get("latencyMs");
      if (micros != null && !micros.isNull()) {
        if (micros.isIntegralNumber() && micros.canConvertToLong() && micros.longValue() >= 0) {
          return micros.longValue();
        }
        error("latencyMicros", "must be a non-negative integer");
        return 0;
      }
      if (millis != null && !millis.isNull()) {
        if (millis.isNumber() && millis.doubleValue() >= 0 && millis.doubleValue() < 1e12) {
          return Math.round(millis.doubleValue() * 1_000);
        }
        error("latencyMs", "must be a non-negative number");
        return 0;
      }
      error("latencyMicros", "is required (or latencyMs)");
      return 0;
    }

    Integer optionalInt(String field, int min, int max) {
      JsonNode node = item.get(field);
      if (node == null || node.isNull()) {
        return null;
      }
      if (node.isIntegralNumber() && node.canConvertToInt()) {
        int value = node.intValue();
        if (value >= min && value <= max) {
          return value;
        }
      }
      error(field, "must be an integer in [" + min + ", " + max + "]");
      return null;
    }

    Double utilization(String field, boolean required) {
      JsonNode node = item.get(field);
      if (node == null || node.isNull()) {
        if (required) {
          error(field, "is required");
        }
        return null;
      }
      if (node.isNumber() && node.doubleValue() >= 0 && node.doubleValue() <= 1) {
        return node.doubleValue();
      }
      error(field, "must be a number in [0, 1]");
      return null;
    }

    Outcome outcome(Integer statusCode) {
      String text = optionalText("outcome");
      if (text == null) {
        return statusCode != null ? Outcomes.fromHttpStatus(statusCode) : Outcome.UNKNOWN;
      }
      try {
        return Outcome.valueOf(text.toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        error(
            "outcome", "must be one of SUCCESS, ERROR, CLIENT_ERROR, TIMEOUT, CANCELLED, UNKNOWN");
        return null;
      }
    }

    Map<String, String> attributes() {
      JsonNode node = item.get("attributes");
      Map<String, String> attributes = new LinkedHashMap<>();
      if (node == null || node.isNull()) {
        return attributes;
      }
      if (!node.isObject()) {
        error("attributes", "must be an object of string values");
        return attributes;
      }
      if (node.size() > MAX_ATTRIBUTES) {
        error("attributes", "must have at most " + MAX_ATTRIBUTES + " entries");
        return attributes;
      }
      for (Map.Entry<String, JsonNode> field : node.properties()) {
        if (!field.getValue().isTextual()) {
          error("attributes." + field.getKey(), "must be a string");
        } else {
          attributes.put(field.getKey(), field.getValue().textValue());
        }
      }
      return attributes;
    }
  }

  private static String originalMessage(Exception e) {
    if (e instanceof JsonParseException parse) {
      return parse.getOriginalMessage();
    }
    if (e instanceof JsonProcessingException processing) {
      return processing.getOriginalMessage();
    }
    return e.getMessage();
  }
}
