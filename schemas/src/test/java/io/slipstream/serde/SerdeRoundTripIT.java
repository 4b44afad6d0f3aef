package io.slipstream.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.slipstream.avro.Outcome;
import io.slipstream.avro.RequestEvent;
import io.slipstream.localstack.LocalStack;
import io.slipstream.localstack.LocalStackExtension;
import io.slipstream.localstack.TestResources;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The serde through the real broker and the real schema registry. */
@Tag("integration")
@ExtendWith(LocalStackExtension.class)
class SerdeRoundTripIT {
  private static final Duration POLL_LIMIT = Duration.ofSeconds(30);

  private static final Schema EVOLVING_V1 =
      new Schema.Parser()
          .parse(
              """
              {"type":"record","name":"Evolving","namespace":"io.slipstream.test","fields":[
                {"name":"service","type":"string"}]}""");
  private static final Schema EVOLVING_V2 =
      new Schema.Parser()
          .parse(
              """
              {"type":"record","name":"Evolving","namespace":"io.slipstream.test","fields":[
                {"name":"service","type":"string"},
                {"name":"region","type":"string","default":"unknown"}]}""");

  private LocalStack stack;
  private TestResources resources;
  private Map<String, Object> serdeConfig;

  @BeforeEach
  void setUp(LocalStack stack, TestResources resources) {
    this.stack = stack;
    this.resources = resources;
    this.serdeConfig = Map.of(SchemaRegistrySettings.URL, stack.schemaRegistryUrl());
  }

  static RequestEvent sampleEvent(int i) {
    return RequestEvent.newBuilder()
        .setService("checkout")
        .setOperation("GET /carts/{id}")
        .setTimestamp(Instant.ofEpochMilli(1_700_000_000_000L + i))
        .setLatencyMicros(1_500L + i)
        .setStatusCode(i % 10 == 0 ? 503 : 200)
        .setOutcome(i % 10 == 0 ? Outcome.ERROR : Outcome.SUCCESS)
        .setTraceId(String.format("%032x", i))
        .setSpanId(null)
        .setInstance("checkout-7d9f")
        .setRegion("eu-west-1")
        .setZone(null)
        .setAttributes(Map.of("tier", "gold"))
        .build();
  }

  @Test
  void shouldRoundTripRequestEventsThroughBrokerAndRegistry() {
    String topic = resources.topic("request-events");
    resources.createTopic(topic, 2);
    List<RequestEvent> sent = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      sent.add(sampleEvent(i));
    }
    AvroSerializer<RequestEvent> serializer = new AvroSerializer<>();
    serializer.configure(serdeConfig, false);
    produce(topic, serializer, sent);

    AvroDeserializer<RequestEvent> deserializer = new AvroDeserializer<>(RequestEvent.class);
    deserializer.configure(serdeConfig, false);
    List<RequestEvent> received = consume(topic, deserializer, sent.size());

    assertThat(received).containsExactlyInAnyOrderElementsOf(sent);
    SchemaRegistryClient registry =
        new SchemaRegistryClient(SchemaRegistrySettings.of(stack.schemaRegistryUrl()));
    assertThat(registry.subjects()).contains(topic + "-value");
  }

  @Test
  void shouldLetANewReaderReadOldRecordsWithTheDefault() {
    String topic = resources.topic("evolving");
    resources.createTopic(topic, 1);
    GenericRecord old = new GenericData.Record(EVOLVING_V1);
    old.put("service", "checkout");
    produce(topic, configuredSerializer(), List.of(old));

    AvroDeserializer<GenericRecord> newReader = new AvroDeserializer<>(EVOLVING_V2);
    newReader.configure(serdeConfig, false);
    GenericRecord read = consume(topic, newReader, 1).get(0);

    assertThat(read.get("service").toString()).isEqualTo("checkout");
    assertThat(read.get("region").toString()).isEqualTo("unknown");
  }

  @Test
  void shouldLetAnOldReaderReadNewRecordsIgnoringTheNewField() {
    String topic = resources.topic("evolving");
    resources.createTopic(topic, 1);
    GenericRecord newer = new GenericData.Record(EVOLVING_V2);
    newer.put("service", "checkout");
    newer.put("region", "eu-west-1");
    produce(topic, configuredSerializer(), List.of(newer));

    AvroDeserializer<GenericRecord> oldReader = new AvroDeserializer<>(EVOLVING_V1);
    oldReader.configure(serdeConfig, false);
    GenericRecord read = consume(topic, oldReader, 1).get(0);

    assertThat(read.getSchema().getFields()).hasSize(1);
    assertThat(read.get("service").toString()).isEqualTo("checkout");
  }

  @Test
  void shouldDecodeAPayloadBuiltByHandFromTheDocumentedFormat() {
    SchemaRegistryClient registry =
        new SchemaRegistryClient(SchemaRegistrySettings.of(stack.schemaRegistryUrl()));
    int id = registry.register(resources.topic("golden") + "-value", RequestEvent.getClassSchema());
    byte[] traceId =
        "0af7651916cd43dd8448eb211c80319c".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    byte[] payload =
        concat(
            new byte[] {0, (byte) (id >>> 24), (byte) (id >>> 16), (byte) (id >>> 8), (byte) id},
            new byte[] {0x10},
            ascii("checkout"), // service: zig-zag length 8, then UTF-8
            new byte[] {0x0c},
            ascii("GET /a"), // operation: length 6
            new byte[] {(byte) 0xd0, 0x0f}, // timestamp 1000 ms: zig-zag 2000 as a varint
            new byte[] {(byte) 0xb8, 0x17}, // latencyMicros 1500: zig-zag 3000
            new byte[] {0x02, (byte) 0x90, 0x03}, // statusCode: union branch 1 (int), 200
            new byte[] {0x00}, // outcome: enum symbol 0, SUCCESS
            new byte[] {0x02, 0x40},
            traceId, // traceId: branch 1 (string), length 32
            new byte[] {0x00}, // spanId: branch 0, null
            new byte[] {0x02, 0x06},
            ascii("i-1"), // instance: branch 1, length 3
            new byte[] {0x00, 0x00}, // region and zone: null
            new byte[] {0x02, 0x08},
            ascii("tier"),
            new byte[] {0x08},
            ascii("gold"), // map: 1 entry
            new byte[] {0x00}); // end of map blocks
    AvroDeserializer<RequestEvent> deserializer = new AvroDeserializer<>(RequestEvent.class);
    deserializer.configure(serdeConfig, false);

    RequestEvent event = deserializer.deserialize("golden", payload);

    assertThat(event.getService()).isEqualTo("checkout");
    assertThat(event.getOperation()).isEqualTo("GET /a");
    assertThat(event.getTimestamp()).isEqualTo(Instant.ofEpochMilli(1000));
    assertThat(event.getLatencyMicros()).isEqualTo(1500);
    assertThat(event.getStatusCode()).isEqualTo(200);
    assertThat(event.getOutcome()).isEqualTo(Outcome.SUCCESS);
    assertThat(event.getTraceId()).isEqualTo("0af7651916cd43dd8448eb211c80319c");
    assertThat(event.getSpanId()).isNull();
    assertThat(event.getInstance()).isEqualTo("i-1");
    assertThat(event.getRegion()).isNull();
    assertThat(event.getAttributes()).containsExactlyEntriesOf(Map.of("tier", "gold"));

    AvroSerializer<RequestEvent> serializer = new AvroSerializer<>();
    serializer.configure(serdeConfig, false);
    assertThat(serializer.serialize(resources.topic("golden"), event)).isEqualTo(payload);
  }

  @Test
  void shouldRejectEachKindOfBadPayloadWithItsReason() {
    String topic = resources.topic("bad-input");
    resources.createTopic(topic, 1);
    AvroSerializer<RequestEvent> serializer = new AvroSerializer<>();
    serializer.configure(serdeConfig, false);
    byte[] good = serializer.serialize(topic, sampleEvent(1));
    SchemaRegistryClient registry =
        new SchemaRegistryClient(SchemaRegistrySettings.of(stack.schemaRegistryUrl()));
    Schema clashing =
        new Schema.Parser()
            .parse(
                """
                {"type":"record","name":"RequestEvent","namespace":"io.slipstream.avro","fields":[
                  {"name":"service","type":"int"}]}""");
    int clashingId = registry.register(resources.topic("clashing") + "-value", clashing);
    byte[] clashingPayload = Arrays.copyOf(good, 6);
    WireFormat.writeHeader(clashingPayload, clashingId);
    clashingPayload[5] = 0x02;
    byte[] unknownId = good.clone();
    WireFormat.writeHeader(unknownId, 987_654_321);
    byte[] trailing = Arrays.copyOf(good, good.length + 3);

    List<byte[]> payloads =
        List.of(
            new byte[0],
            new byte[] {0, 0, 0},
            new byte[] {1, 0, 0, 0, 1, 2},
            unknownId,
            Arrays.copyOf(good, good.length - 10),
            clashingPayload,
            trailing);
    produce(topic, new ByteArraySerializer(), payloads);
    List<byte[]> received = consume(topic, new ByteArrayDeserializer(), payloads.size());

    AvroDeserializer<RequestEvent> deserializer = new AvroDeserializer<>(RequestEvent.class);
    deserializer.configure(serdeConfig, false);
    List<WireFormatException.Reason> reasons = new ArrayList<>();
    for (byte[] payload : received) {
      assertThatThrownBy(() -> deserializer.deserialize(topic, payload))
          .isInstanceOfSatisfying(WireFormatException.class, e -> reasons.add(e.reason()));
    }
    assertThat(reasons)
        .containsExactlyInAnyOrder(
            WireFormatException.Reason.EMPTY_PAYLOAD,
            WireFormatException.Reason.TOO_SHORT,
            WireFormatException.Reason.WRONG_MAGIC_BYTE,
            WireFormatException.Reason.UNKNOWN_SCHEMA_ID,
            WireFormatException.Reason.TRUNCATED_BODY,
            WireFormatException.Reason.UNRESOLVABLE_SCHEMA,
            WireFormatException.Reason.CORRUPT_BODY);
    assertThat(deserializer.deserialize(topic, good)).isEqualTo(sampleEvent(1));
  }

  @Test
  void shouldRefuseToRegisterAnIncompatibleSchemaUnderABackwardSubject() {
    String subject = resources.topic("guarded") + "-value";
    SchemaRegistryClient registry =
        new SchemaRegistryClient(SchemaRegistrySettings.of(stack.schemaRegistryUrl()));
    registry.register(subject, EVOLVING_V1);
    registry.setCompatibility(subject, "BACKWARD");
    Schema breaking =
        new Schema.Parser()
            .parse(
                """
                {"type":"record","name":"Evolving","namespace":"io.slipstream.test","fields":[
                  {"name":"service","type":"string"},
                  {"name":"required","type":"long"}]}""");

    assertThat(registry.isCompatibleWithLatest(subject, EVOLVING_V2)).isTrue();
    assertThat(registry.isCompatibleWithLatest(subject, breaking)).isFalse();
    assertThatThrownBy(() -> registry.register(subject, breaking))
        .isInstanceOfSatisfying(
            SchemaRegistryException.class,
            e -> assertThat(e.errorCode()).isEqualTo(SchemaRegistryException.INCOMPATIBLE_SCHEMA));
  }

  @Test
  void shouldReportAnUnknownSchemaIdWithTheRegistryErrorCode() {
    SchemaRegistryClient registry =
        new SchemaRegistryClient(SchemaRegistrySettings.of(stack.schemaRegistryUrl()));

    assertThatThrownBy(() -> registry.schemaById(987_654_321))
        .isInstanceOfSatisfying(
            SchemaRegistryException.class,
            e -> assertThat(e.errorCode()).isEqualTo(SchemaRegistryException.SCHEMA_NOT_FOUND));
  }

  private AvroSerializer<GenericRecord> configuredSerializer() {
    AvroSerializer<GenericRecord> serializer = new AvroSerializer<>();
    serializer.configure(serdeConfig, false);
    return serializer;
  }

  private <T> void produce(String topic, Serializer<T> serializer, List<T> values) {
    Properties props = new Properties();
    props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers());
    props.put(ProducerConfig.ACKS_CONFIG, "all");
    try (KafkaProducer<String, T> producer =
        new KafkaProducer<>(props, new StringSerializer(), serializer)) {
      for (T value : values) {
        producer.send(new ProducerRecord<>(topic, "checkout", value));
      }
      producer.flush();
    }
  }

  private <T> List<T> consume(String topic, Deserializer<T> deserializer, int expected) {
    Properties props = new Properties();
    props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers());
    props.put(ConsumerConfig.GROUP_ID_CONFIG, resources.applicationId("reader"));
    props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    List<T> received = new ArrayList<>();
    long deadline = System.nanoTime() + POLL_LIMIT.toNanos();
    try (KafkaConsumer<String, T> consumer =
        new KafkaConsumer<>(props, new StringDeserializer(), deserializer)) {
      consumer.subscribe(List.of(topic));
      while (received.size() < expected && System.nanoTime() < deadline) {
        for (ConsumerRecord<String, T> record : consumer.poll(Duration.ofMillis(200))) {
          received.add(record.value());
        }
      }
    }
    assertThat(received)
        .as("records consumed from %s within %s", topic, POLL_LIMIT)
        .hasSize(expected);
    return received;
  }

  private static byte[] ascii(String text) {
    return text.getBytes(java.nio.charset.StandardCharsets.UTF_8);
  }

  private static byte[] concat(byte[]... parts) {
    int length = 0;
    for (byte[] part : parts) {
      length += part.length;
    }
    byte[] all = new byte[length];
    int at = 0;
    for (byte[] part : parts) {
      System.arraycopy(part, 0, all, at, part.length);
      at += part.length;
    }
    return all;
  }
}
