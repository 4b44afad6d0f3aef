package io.slipstream.processor.reliability;

import io.slipstream.avro.Outcome;
import io.slipstream.avro.RequestEvent;
import io.slipstream.avro.ResourceSample;
import io.slipstream.processor.validation.RejectionReason;
import io.slipstream.serde.AvroSerializer;
import io.slipstream.serde.SchemaRegistryClient;
import io.slipstream.serde.WireFormat;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;

/**
 * The catalogue of bad input the processor must dead-letter: each entry is the raw record value a
 * misbehaving producer could write, and the reason the processor must give. Payloads are built with
 * the real serializer and registry, then broken the way real bugs break them.
 */
final class BadInputs {
  /** One bad record: a name for assertion messages, its raw value, and the expected reason. */
  record BadInput(String name, byte[] value, RejectionReason reason) {}

  /** A schema with the request event's name whose fields the processor's reader cannot resolve. */
  private static final Schema INCOMPATIBLE_REQUEST_EVENT =
      new Schema.Parser()
          .parse(
              "{\"type\":\"record\",\"name\":\"RequestEvent\",\"namespace\":\"io.slipstream.avro\","
                  + "\"fields\":[{\"name\":\"service\",\"type\":\"int\"}]}");

  private static final int UNKNOWN_SCHEMA_ID = 987_654_321;

  private final AvroSerializer<RequestEvent> requests;
  private final AvroSerializer<ResourceSample> samples;
  private final SchemaRegistryClient registry;
  private final String topicPrefix;

  BadInputs(
      AvroSerializer<RequestEvent> requests,
      AvroSerializer<ResourceSample> samples,
      SchemaRegistryClient registry,
      String topicPrefix) {
    this.requests = requests;
    this.samples = samples;
    this.registry = registry;
    this.topicPrefix = topicPrefix;
  }

  /**
   * Bad request events for the topic {@code topic}, with event times relative to {@code good} (a
   * valid event whose time lies well inside the accepted range) and the wall clock {@code nowMs}.
   */
  List<BadInput> requestEvents(String topic, RequestEvent good, long nowMs) {
    byte[] valid = requests.serialize(topic, good);
    List<BadInput> bad = new ArrayList<>();
    bad.add(new BadInput("tombstone", null, RejectionReason.NULL_VALUE));
    bad.add(new BadInput("empty bytes", new byte[0], RejectionReason.EMPTY_PAYLOAD));
    bad.add(new BadInput("two bytes", new byte[] {0, 0}, RejectionReason.TOO_SHORT));
    bad.add(
        new BadInput(
            "JSON text",
            "{\"service\":\"x\"}".getBytes(StandardCharsets.UTF_8),
            RejectionReason.WRONG_MAGIC_BYTE));
    byte[] magic = valid.clone();
    magic[0] = 1;
    bad.add(new BadInput("magic byte 1", magic, RejectionReason.WRONG_MAGIC_BYTE));
    byte[] unknownId = valid.clone();
    WireFormat.writeHeader(unknownId, UNKNOWN_SCHEMA_ID);
    bad.add(new BadInput("unknown schema id", unknownId, RejectionReason.UNKNOWN_SCHEMA_ID));
    bad.add(
        new BadInput(
            "truncated body",
            Arrays.copyOf(valid, WireFormat.HEADER_LENGTH + 3),
            RejectionReason.TRUNCATED_BODY));
    byte[] corrupt = Arrays.copyOf(valid, WireFormat.HEADER_LENGTH + 12);
    // A varint whose every byte says "more follows": no valid long, so no valid string length.
    Arrays.fill(corrupt, WireFormat.HEADER_LENGTH, corrupt.length, (byte) 0xff);
    bad.add(new BadInput("corrupt body", corrupt, RejectionReason.CORRUPT_BODY));
    byte[] trailing = Arrays.copyOf(valid, valid.length + 4);
    bad.add(new BadInput("trailing bytes", trailing, RejectionReason.CORRUPT_BODY));
    bad.add(
        new BadInput(
            "incompatible writer schema",
            incompatibleSchemaPayload(),
            RejectionReason.UNRESOLVABLE_SCHEMA));

    long t = good.getTimestamp().toEpochMilli();
    bad.add(
        request(
            topic,
            "empty service",
            with(good).setService("").build(),
            RejectionReason.MISSING_SERVICE));
    bad.add(
        request(
            topic,
            "blank operation",
            with(good).setOperation("  ").build(),
            RejectionReason.MISSING_OPERATION));
    bad.add(
        request(
            topic,
            "100 000-character operation",
            with(good).setOperation("x".repeat(100_000)).build(),
            RejectionReason.FIELD_TOO_LONG));
    bad.add(
        request(
            topic,
            "negative latency",
            with(good).setLatencyMicros(-5).build(),
            RejectionReason.NEGATIVE_LATENCY));
    bad.add(
        request(
            topic,
            "most negative latency",
            with(good).setLatencyMicros(Long.MIN_VALUE).build(),
            RejectionReason.NEGATIVE_LATENCY));
    bad.add(
        request(
            topic,
            "status code 42",
            with(good).setStatusCode(42).build(),
            RejectionReason.INVALID_STATUS_CODE));
    bad.add(
        request(
            topic,
            "33 attributes",
            with(good).setAttributes(attributes(33, 1)).build(),
            RejectionReason.ATTRIBUTES_TOO_LARGE));
    bad.add(
        request(
            topic,
            "5 000-character attribute",
            with(good).setAttributes(attributes(1, 5_000)).build(),
            RejectionReason.ATTRIBUTES_TOO_LARGE));
    bad.add(
        request(
            topic,
            "a day in the future",
            with(good)
                .setTimestamp(Instant.ofEpochMilli(nowMs + Duration.ofDays(1).toMillis()))
                .build(),
            RejectionReason.TIMESTAMP_IN_FUTURE));
    bad.add(
        request(
            topic,
            "the end of time",
            with(good).setTimestamp(Instant.ofEpochMilli(Long.MAX_VALUE)).build(),
            RejectionReason.TIMESTAMP_IN_FUTURE));
    bad.add(
        request(
            topic,
            "three days old",
            with(good)
                .setTimestamp(Instant.ofEpochMilli(nowMs - Duration.ofDays(3).toMillis()))
                .build(),
            RejectionReason.TIMESTAMP_BEYOND_RETENTION));
    bad.add(
        request(
            topic,
            "before the epoch",
            with(good).setTimestamp(Instant.ofEpochMilli(-1_000_000_000_000L)).build(),
            RejectionReason.TIMESTAMP_BEYOND_RETENTION));
    // An event minutes behind the stream is late but valid: it is counted, not dead-lettered.
    return bad;
  }

  /** Bad resource samples for {@code topic}, relative to the valid sample {@code good}. */
  List<BadInput> resourceSamples(String topic, ResourceSample good) {
    List<BadInput> bad = new ArrayList<>();
    bad.add(sample(topic, "NaN CPU", with(good).setCpuUtilization(Double.NaN).build()));
    bad.add(
        sample(
            topic,
            "infinite memory",
            with(good).setMemoryUtilization(Double.POSITIVE_INFINITY).build()));
    bad.add(sample(topic, "negative pool", with(good).setPoolUtilization(-0.5).build()));
    bad.add(sample(topic, "CPU above one", with(good).setCpuUtilization(1.5).build()));
    bad.add(sample(topic, "negative in-flight", with(good).setInFlightRequests(-1).build()));
    bad.add(
        new BadInput(
            "empty instance",
            samples.serialize(topic, with(good).setInstance("").build()),
            RejectionReason.MISSING_INSTANCE));
    return bad;
  }

  static RequestEvent.Builder with(RequestEvent event) {
    return RequestEvent.newBuilder(event);
  }

  static ResourceSample.Builder with(ResourceSample sample) {
    return ResourceSample.newBuilder(sample);
  }

  /** A valid request event of {@code service} at {@code timestampMs}. */
  static RequestEvent goodRequest(String service, String operation, long timestampMs, int status) {
    return RequestEvent.newBuilder()
        .setService(service)
        .setOperation(operation)
        .setTimestamp(Instant.ofEpochMilli(timestampMs))
        .setLatencyMicros(1_000)
        .setStatusCode(status)
        .setOutcome(status >= 500 ? Outcome.ERROR : Outcome.SUCCESS)
        .setAttributes(Map.of("tier", "gold"))
        .build();
  }

  /** A valid resource sample of {@code service} at {@code timestampMs}. */
  static ResourceSample goodSample(String service, long timestampMs) {
    return ResourceSample.newBuilder()
        .setService(service)
        .setInstance("pod-1")
        .setTimestamp(Instant.ofEpochMilli(timestampMs))
        .setCpuUtilization(0.5)
        .setMemoryUtilization(0.25)
        .setInFlightRequests(3)
        .setQueueDepth(0)
        .setPoolUtilization(0.1)
        .build();
  }

  private BadInput request(String topic, String name, RequestEvent event, RejectionReason reason) {
    return new BadInput(name, requests.serialize(topic, event), reason);
  }

  private BadInput sample(String topic, String name, ResourceSample sample) {
    return new BadInput(
        name, samples.serialize(topic, sample), RejectionReason.INVALID_UTILIZATION);
  }

  private static Map<String, String> attributes(int count, int valueLength) {
    Map<String, String> attributes = new HashMap<>();
    for (int i = 0; i < count; i++) {
      attributes.put("k" + i, "v".repeat(valueLength));
    }
    return attributes;
  }

  /**
   * A payload written with a schema registered under its own subject: it names the request event
   * but lacks the fields the processor needs, so no resolution exists.
   */
  private byte[] incompatibleSchemaPayload() {
    int id = registry.register(topicPrefix + "incompatible-value", INCOMPATIBLE_REQUEST_EVENT);
    GenericRecord record = new GenericData.Record(INCOMPATIBLE_REQUEST_EVENT);
    record.put("service", 7);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(new byte[WireFormat.HEADER_LENGTH]);
    BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
    try {
      new GenericDatumWriter<GenericRecord>(INCOMPATIBLE_REQUEST_EVENT).write(record, encoder);
      encoder.flush();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    byte[] payload = out.toByteArray();
    WireFormat.writeHeader(payload, id);
    return payload;
  }
}
