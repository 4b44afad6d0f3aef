package io.slipstream.processor.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.slipstream.avro.RequestEvent;
import io.slipstream.localstack.EmbeddedKafkaBroker;
import io.slipstream.localstack.LocalStack;
import io.slipstream.localstack.LocalStackExtension;
import io.slipstream.localstack.TestResources;
import io.slipstream.processor.app.ProcessorConfig;
import io.slipstream.processor.app.SlipstreamProcessor;
import io.slipstream.processor.deadletter.DeadLetterRecords;
import io.slipstream.processor.topology.SliSettings;
import io.slipstream.processor.topology.Topics;
import io.slipstream.serde.AvroSerializer;
import io.slipstream.serde.SchemaRegistrySettings;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The processor against a broker that only lets SCRAM-SHA-512 authenticated clients in, with the
 * credentials given as environment variables and nowhere else: it creates its topics, consumes, and
 * writes transactionally; with a wrong password it refuses to start, saying why, without repeating
 * the password.
 */
@Tag("integration")
@ExtendWith(LocalStackExtension.class)
class SaslScramProcessorIT {
  private static final Duration LIMIT = Duration.ofSeconds(60);
  private static final String USER = "slipstream";
  private static final String PASSWORD = "scram-Pa55-" + Long.toHexString(System.nanoTime());

  @Test
  void shouldProcessWithScramCredentialsFromTheEnvironmentAndRefuseAWrongPassword(
      LocalStack stack, TestResources resources) throws Exception {
    try (EmbeddedKafkaBroker broker =
        EmbeddedKafkaBroker.builder().scramUser(USER, PASSWORD).start()) {
      String prefix = resources.suffix() + "-";
      Topics topics = Topics.withPrefix(prefix);
      Map<String, String> environment = new HashMap<>();
      environment.put("KAFKA_BOOTSTRAP_SERVERS", broker.saslBootstrapServers());
      environment.putAll(securityEnvironment(PASSWORD));
      environment.put("SLIPSTREAM_SCHEMA_REGISTRY_URL", stack.schemaRegistryUrl());
      environment.put("SLIPSTREAM_TOPIC_PREFIX", prefix);
      environment.put("SLIPSTREAM_TOPIC_PARTITIONS", "1");
      environment.put("KAFKA_APPLICATION_ID", resources.applicationId("slipstream-scram"));
      ProcessorConfig config =
          ProcessorConfig.load(
              null,
              environment,
              Map.of(
                  "num.stream.threads", "1",
                  "commit.interval.ms", "200",
                  "state.dir", Files.createTempDirectory("slipstream-scram").toString()));
      assertThat(config.toString()).doesNotContain(PASSWORD);

      try (SlipstreamProcessor processor =
          new SlipstreamProcessor(config, SliSettings.defaults())) {
        processor.start();
        Map<String, Object> client = clientSettings(broker, PASSWORD);
        AvroSerializer<RequestEvent> serializer = new AvroSerializer<>();
        serializer.configure(Map.of(SchemaRegistrySettings.URL, stack.schemaRegistryUrl()), false);
        long now = System.currentTimeMillis();
        try (KafkaProducer<byte[], byte[]> producer =
            new KafkaProducer<>(client, new ByteArraySerializer(), new ByteArraySerializer())) {
          byte[] good =
              serializer.serialize(
                  topics.requestEvents(),
                  BadInputs.goodRequest("checkout", "GET /a", now - 60_000, 200));
          producer.send(new ProducerRecord<>(topics.requestEvents(), good)).get();
          producer.send(new ProducerRecord<>(topics.requestEvents(), new byte[] {9, 9})).get();
        }
        List<ConsumerRecord<byte[], byte[]>> dead = new ArrayList<>();
        Map<String, Object> consumerSettings = new HashMap<>(client);
        consumerSettings.put("group.id", resources.applicationId("scram-dlq-reader"));
        consumerSettings.put("auto.offset.reset", "earliest");
        consumerSettings.put("isolation.level", "read_committed");
        try (KafkaConsumer<byte[], byte[]> consumer =
            new KafkaConsumer<>(
                consumerSettings, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
          consumer.subscribe(List.of(topics.requestEventsDlq()));
          await("the processor consumed over SASL and committed a dead letter")
              .atMost(LIMIT)
              .until(
                  () -> {
                    consumer.poll(Duration.ofMillis(200)).forEach(dead::add);
                    return !dead.isEmpty();
                  });
        }
        assertThat(dead).hasSize(1);
        assertThat(
                new String(
                    dead.get(0).headers().lastHeader(DeadLetterRecords.REASON).value(),
                    StandardCharsets.UTF_8))
            .isEqualTo("WRONG_MAGIC_BYTE");
      }

      String wrongPassword = "not-" + PASSWORD;
      environment.putAll(securityEnvironment(wrongPassword));
      environment.put("KAFKA_APPLICATION_ID", resources.applicationId("slipstream-scram-wrong"));
      ProcessorConfig wrong = ProcessorConfig.load(null, environment, Map.of());
      try (SlipstreamProcessor refused = new SlipstreamProcessor(wrong, SliSettings.defaults())) {
        assertThatThrownBy(refused::start)
            .satisfies(
                failure -> {
                  Throwable root = failure;
                  StringBuilder messages = new StringBuilder();
                  for (Throwable t = failure; t != null; t = t.getCause()) {
                    messages.append(t.getMessage()).append('\n');
                    root = t;
                  }
                  assertThat(root).isInstanceOf(SaslAuthenticationException.class);
                  assertThat(root.getMessage())
                      .contains("invalid credentials")
                      .contains("SCRAM-SHA-512");
                  assertThat(messages.toString())
                      .doesNotContain(PASSWORD)
                      .doesNotContain(wrongPassword);
                });
      }
    }
  }

  private static Map<String, String> securityEnvironment(String password) {
    return Map.of(
        "KAFKA_SECURITY_PROTOCOL", "SASL_PLAINTEXT",
        "KAFKA_SASL_MECHANISM", "SCRAM-SHA-512",
        "KAFKA_SASL_JAAS_CONFIG", jaas(password));
  }

  private static Map<String, Object> clientSettings(EmbeddedKafkaBroker broker, String password) {
    Map<String, Object> settings = new HashMap<>();
    settings.put("bootstrap.servers", broker.saslBootstrapServers());
    settings.put("security.protocol", "SASL_PLAINTEXT");
    settings.put("sasl.mechanism", "SCRAM-SHA-512");
    settings.put("sasl.jaas.config", jaas(password));
    return settings;
  }

  private static String jaas(String password) {
    return "org.apache.kafka.common.security.scram.ScramLoginModule required username=\""
        + USER
        + "\" password=\""
        + password
        + "\";";
  }
}
