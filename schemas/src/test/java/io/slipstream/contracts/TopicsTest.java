package io.slipstream.contracts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import io.slipstream.avro.BurnRateEvaluation;
import io.slipstream.avro.RequestEvent;
import io.slipstream.avro.ResourceSample;
import io.slipstream.avro.SlaPeriodReport;
import io.slipstream.avro.SliSnapshot;
import io.slipstream.avro.SloAlert;
import io.slipstream.serde.InMemorySchemaRegistry;
import io.slipstream.serde.SchemaRegistrySettings;
import io.slipstream.serde.WireFormat;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.RecordComponent;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.apache.avro.Schema;
import org.apache.avro.data.TimeConversions;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificRecord;
import org.apache.avro.util.RandomData;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class TopicsTest {
  private static final List<String> STANDARD_NAMES =
      List.of(
          "request-events",
          "resource-samples",
          "request-events-dlq",
          "resource-samples-dlq",
          "sli-snapshots",
          "slo-definitions",
          "slo-burn-rates",
          "slo-alerts",
          "slo-alerts-dlq",
          "slo-corrections",
          "slo-corrections-audit",
          "sla-definitions",
          "sla-reports");

  private final String scope = "topics-test-" + UUID.randomUUID();
  private final Map<String, Object> serdeConfig =
      Map.of(SchemaRegistrySettings.URL, InMemorySchemaRegistry.SCHEME + "://" + scope);

  @AfterEach
  void dropTheRegistry() {
    InMemorySchemaRegistry.drop(scope);
  }

  @Test
  void shouldUseTheStandardKebabCaseNamesWithoutAPrefix() {
    // Wire contract: deployments, docker-compose and the docs name these; a rename breaks them.
    assertThat(names(Topics.defaults())).containsExactlyElementsOf(STANDARD_NAMES);
    assertThat(Topics.withPrefix("")).isEqualTo(Topics.defaults());
  }

  @Test
  void shouldPutThePrefixBeforeEveryName() {
    assertThat(names(Topics.withPrefix("staging-")))
        .containsExactlyElementsOf(STANDARD_NAMES.stream().map(name -> "staging-" + name).toList());
  }

  @Test
  void shouldListEveryTopicOfTheCatalogueExactlyOnce() throws ReflectiveOperationException {
    Topics topics = Topics.defaults();
    Set<Object> components = Collections.newSetFromMap(new IdentityHashMap<>());
    for (RecordComponent component : Topics.class.getRecordComponents()) {
      components.add(component.getAccessor().invoke(topics));
    }

    assertThat(topics.all()).hasSize(Topics.class.getRecordComponents().length);
    assertThat(topics.all()).allSatisfy(topic -> assertThat(components).contains(topic));
    assertThat(names(topics)).doesNotHaveDuplicates();
  }

  @Test
  void shouldRefuseTwoTopicsOfTheSameName() {
    Topics standard = Topics.defaults();

    assertThatThrownBy(
            () ->
                new Topics(
                    standard.requestEvents(),
                    standard.resourceSamples(),
                    standard.requestEventsDlq(),
                    standard.requestEventsDlq(),
                    standard.sliSnapshots(),
                    standard.sloDefinitions(),
                    standard.sloBurnRates(),
                    standard.sloAlerts(),
                    standard.sloAlertsDlq(),
                    standard.sloCorrections(),
                    standard.sloCorrectionsAudit(),
                    standard.slaDefinitions(),
                    standard.slaReports()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("request-events-dlq");
  }

  @Test
  void shouldBindEveryTopicToItsKeyAndValueTypes() {
    assertThat(Topics.defaults().all())
        .extracting(Topic::name, topic -> topic.key().type(), topic -> topic.value().type())
        .containsExactly(
            tuple("request-events", String.class, RequestEvent.class),
            tuple("resource-samples", String.class, ResourceSample.class),
            tuple("request-events-dlq", byte[].class, byte[].class),
            tuple("resource-samples-dlq", byte[].class, byte[].class),
            tuple("sli-snapshots", String.class, SliSnapshot.class),
            tuple("slo-definitions", String.class, String.class),
            tuple("slo-burn-rates", String.class, BurnRateEvaluation.class),
            tuple("slo-alerts", String.class, SloAlert.class),
            tuple("slo-alerts-dlq", byte[].class, byte[].class),
            tuple("slo-corrections", String.class, String.class),
            tuple("slo-corrections-audit", String.class, String.class),
            tuple("sla-definitions", String.class, String.class),
            tuple("sla-reports", String.class, SlaPeriodReport.class));
  }

  @Test
  void shouldRoundTripAKeyAndAValueOfEveryTopicThroughItsSerdes() {
    for (Topic<?, ?> topic : Topics.withPrefix("round-trip-").all()) {
      for (long seed = 1; seed <= 20; seed++) {
        assertRoundTrips(topic, seed);
      }
    }
  }

  @Test
  void shouldWriteAvroValuesUnderTheTopicsValueSubject() {
    Topic<String, SloAlert> alerts = Topics.withPrefix("subjects-").sloAlerts();
    SloAlert alert = sample(alerts.value(), 7);

    byte[] bytes = alerts.valueSerializer(serdeConfig).serialize(alerts.name(), alert);

    assertThat(
            InMemorySchemaRegistry.scope(scope)
                .lookUpId("subjects-slo-alerts-value", SloAlert.getClassSchema()))
        .isEqualTo(WireFormat.readSchemaId(bytes));
  }

  /**
   * Writes a key and a value with the topic's serializers and reads them back with its
   * deserializers, both those of its serdes and those made alone; what is read must be what was
   * written, and write to the same bytes again.
   */
  private <K, V> void assertRoundTrips(Topic<K, V> topic, long seed) {
    String what = topic + ", seed " + seed;
    K key = sample(topic.key(), seed);
    V value = sample(topic.value(), seed);
    Serde<K> keys = topic.keySerde(serdeConfig);
    Serde<V> values = topic.valueSerde(serdeConfig);
    Serializer<V> valueSerializer = topic.valueSerializer(serdeConfig);

    byte[] keyBytes = topic.keySerializer(serdeConfig).serialize(topic.name(), key);
    byte[] valueBytes = valueSerializer.serialize(topic.name(), value);

    assertThat(keys.serializer().serialize(topic.name(), key)).as(what).isEqualTo(keyBytes);
    assertThat(values.serializer().serialize(topic.name(), value)).as(what).isEqualTo(valueBytes);
    for (K read :
        List.of(
            keys.deserializer().deserialize(topic.name(), keyBytes),
            topic.keyDeserializer(serdeConfig).deserialize(topic.name(), keyBytes))) {
      assertSame(read, key, what);
    }
    for (V read :
        List.of(
            values.deserializer().deserialize(topic.name(), valueBytes),
            topic.valueDeserializer(serdeConfig).deserialize(topic.name(), valueBytes))) {
      assertSame(read, value, what);
      assertThat(valueSerializer.serialize(topic.name(), read)).as(what).isEqualTo(valueBytes);
    }
  }

  private static void assertSame(Object read, Object written, String what) {
    if (written instanceof SpecificRecord) {
      // Avro's equals trips over the timestamps in arrays of records (it compares them without the
      // logical-type conversions); its JSON rendering shows every field.
      assertThat(read).as(what).hasToString(written.toString());
    } else {
      assertThat(read).as(what).isEqualTo(written);
    }
  }

  /** A key or value of {@code format}: random records of the whole schema for Avro. */
  private static <T> T sample(Format<T> format, long seed) {
    Object sample;
    if (format instanceof Format.Avro<?> avro) {
      sample = randomRecord(avro.type(), seed);
    } else if (format instanceof Format.RawBytes) {
      sample = ("raw " + seed).getBytes(StandardCharsets.UTF_8);
    } else {
      sample = "text ✓ " + seed;
    }
    return format.type().cast(sample);
  }

  /**
   * A record of {@code type} with random values in every field of its schema: generic random data
   * (which holds timestamps as {@code Instant} or as {@code long}), written and read back as {@code
   * type}.
   */
  private static <T extends SpecificRecord> T randomRecord(Class<T> type, long seed) {
    Schema schema = SpecificData.getForClass(type).getSchema(type);
    GenericData generic = new GenericData();
    generic.addLogicalTypeConversion(new TimeConversions.TimestampMillisConversion());
    Object random = new RandomData(generic, schema, 1, seed).iterator().next();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
      new GenericDatumWriter<Object>(schema, generic).write(random, encoder);
      encoder.flush();
      return new SpecificDatumReader<>(type)
          .read(null, DecoderFactory.get().binaryDecoder(out.toByteArray(), null));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static List<String> names(Topics topics) {
    List<String> names = new ArrayList<>();
    topics.all().forEach(topic -> names.add(topic.name()));
    return names;
  }
}
