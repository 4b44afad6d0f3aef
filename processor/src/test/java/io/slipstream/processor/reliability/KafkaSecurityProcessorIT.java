package io.slipstream.processor.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.slipstream.avro.RequestEvent;
import io.slipstream.contracts.DeadLetterHeaders;
import io.slipstream.contracts.Topics;
import io.slipstream.localstack.EmbeddedKafkaBroker;
import io.slipstream.localstack.LocalStack;
import io.slipstream.localstack.LocalStackExtension;
import io.slipstream.localstack.SelfSignedCertificate;
import io.slipstream.localstack.TestResources;
import io.slipstream.processor.app.ProcessorConfig;
import io.slipstream.processor.app.SlipstreamProcessor;
import io.slipstream.processor.topology.SliSettings;
import io.slipstream.serde.AvroSerializer;
import io.slipstream.serde.SchemaRegistrySettings;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
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
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The processor against a broker that only lets SCRAM-SHA-512 authenticated clients in on one
 * listener and speaks only TLS on another, with the security settings given as environment
 * variables and nowhere else: it creates its topics, consumes, and writes transactionally; with a
 * wrong password it refuses to start, saying why, without repeating the password.
 */
@Tag("integration")
@ExtendWith(LocalStackExtension.class)
class KafkaSecurityProcessorIT {
  private static final Duration LIMIT = Duration.ofSeconds(60);
  private static final String USER = "slipstream";
  private static final String PASSWORD = "scram-Pa55-" + Long.toHexString(System.nanoTime());

  private static SelfSignedCertificate certificate;
  private static EmbeddedKafkaBroker broker;

  @BeforeAll
  static void startBroker(@TempDir Path directory) {
    certificate =
        SelfSignedCertificate.create(directory, "store-" + Long.toHexString(System.nanoTime()));
    broker =
        EmbeddedKafkaBroker.builder()
            .scramUser(USER, PASSWORD)
            .sslListener(certificate.keystore(), certificate.password())
            .start();
  }

  @AfterAll
  static void stopBroker() {
    broker.close();
  }

  @Test
  void shouldProcessWithScramCredentialsFromTheEnvironmentAndRefuseAWrongPassword(
      LocalStack stack, TestResources resources) throws Exception {
    Map<String, String> environment =
        environment(stack, resources, broker.saslBootstrapServers(), scram(PASSWORD));
    ProcessorConfig config = load(environment, "scram");
    assertThat(config.toString()).doesNotContain(PASSWORD);

    assertProcessesAndDeadLetters(stack, resources, config);

    String wrongPassword = "not-" + PASSWORD;
    environment.putAll(scram(wrongPassword));
    environment.put("KAFKA_APPLICATION_ID", resources.applicationId("slipstream-scram-wrong"));
    try (SlipstreamProcessor refused =
        new SlipstreamProcessor(load(environment, "wrong"), SliSettings.defaults())) {
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

  @Test
  void shouldProcessOverTlsWithTheTruststoreFromTheEnvironment(
      LocalStack stack, TestResources resources) throws Exception {
    Map<String, String> environment =
        environment(
            stack,
            resources,
            broker.sslBootstrapServers(),
            Map.of(
                "KAFKA_SECURITY_PROTOCOL",
                "SSL",
                "KAFKA_SSL_TRUSTSTORE_TYPE",
                "PKCS12",
                "KAFKA_SSL_TRUSTSTORE_LOCATION",
                certificate.truststore().toString(),
                "KAFKA_SSL_TRUSTSTORE_PASSWORD",
                certificate.password()));
    ProcessorConfig config = load(environment, "tls");
    assertThat(config.toString()).doesNotContain(certificate.password());

    assertProcessesAndDeadLetters(stack, resources, config);
  }

  /**
   * Starts the processor with {@code config}, writes a good and a bad record with a client of the
   * same security settings, and waits for the bad one's dead letter: proof that the processor
   * created its topics, consumed and committed a transaction.
   */
  private static void assertProcessesAndDeadLetters(
      LocalStack stack, TestResources resources, ProcessorConfig config) throws Exception {
    Topics topics = Topics.withPrefix(config.get(ProcessorConfig.TOPIC_PREFIX));
    // The test's own clients use the processor's Kafka settings (Streams-only keys are ignored).
    Map<String, Object> client = new HashMap<>(config.kafkaSettings());
    client.remove("application.id");
    try (SlipstreamProcessor processor = new SlipstreamProcessor(config, SliSettings.defaults())) {
      processor.start();
      AvroSerializer<RequestEvent> serializer = new AvroSerializer<>();
      serializer.configure(Map.of(SchemaRegistrySettings.URL, stack.schemaRegistryUrl()), false);
      try (KafkaProducer<byte[], byte[]> producer =
          new KafkaProducer<>(client, new ByteArraySerializer(), new ByteArraySerializer())) {
        byte[] good =
            serializer.serialize(
                topics.requestEvents().name(),
                BadInputs.goodRequest(
                    "checkout", "GET /a", System.currentTimeMillis() - 60_000, 200));
        producer.send(new ProducerRecord<>(topics.requestEvents().name(), good)).get();
        producer.send(new ProducerRecord<>(topics.requestEvents().name(), new byte[] {9, 9})).get();
      }
      Map<String, Object> consumerSettings = new HashMap<>(client);
      consumerSettings.put(
          "group.id", resources.applicationId("dlq-reader-" + topics.requestEventsDlq().name()));
      consumerSettings.put("auto.offset.reset", "earliest");
      consumerSettings.put("isolation.level", "read_committed");
      List<ConsumerRecord<byte[], byte[]>> dead = new ArrayList<>();
      try (KafkaConsumer<byte[], byte[]> consumer =
          new KafkaConsumer<>(
              consumerSettings, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
        consumer.subscribe(List.of(topics.requestEventsDlq().name()));
        await("the processor consumed and committed a dead letter")
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
                  dead.get(0).headers().lastHeader(DeadLetterHeaders.REASON).value(),
                  StandardCharsets.UTF_8))
          .isEqualTo("WRONG_MAGIC_BYTE");
    }
  }

  /** The variables that configure a processor for {@code bootstrap} with {@code security}. */
  private static Map<String, String> environment(
      LocalStack stack, TestResources resources, String bootstrap, Map<String, String> security) {
    String prefix = resources.suffix() + "-";
    Map<String, String> environment = new HashMap<>(security);
    environment.put("KAFKA_BOOTSTRAP_SERVERS", bootstrap);
    environment.put("SLIPSTREAM_SCHEMA_REGISTRY_URL", stack.schemaRegistryUrl());
    environment.put("SLIPSTREAM_TOPIC_PREFIX", prefix);
    environment.put("SLIPSTREAM_TOPIC_PARTITIONS", "1");
    environment.put("KAFKA_APPLICATION_ID", resources.applicationId("slipstream-secure"));
    return environment;
  }

  private static ProcessorConfig load(Map<String, String> environment, String name)
      throws Exception {
    return ProcessorConfig.load(
        null,
        environment,
        Map.of(
            "num.stream.threads", "1",
            "commit.interval.ms", "200",
            "state.dir", Files.createTempDirectory("slipstream-" + name).toString()));
  }

  private static Map<String, String> scram(String password) {
    return EmbeddedKafkaBroker.scramClientEnvironment(USER, password);
  }
}
