package io.slipstream.ingest.gateway;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import io.slipstream.avro.RequestEvent;
import io.slipstream.ingest.IngestTopics;
import io.slipstream.ingest.TopicReader;
import io.slipstream.ingest.app.GatewayMain;
import io.slipstream.ingest.client.SlipstreamPublisher;
import io.slipstream.localstack.CapturedLogs;
import io.slipstream.localstack.EmbeddedKafkaBroker;
import io.slipstream.localstack.LocalStack;
import io.slipstream.localstack.LocalStackExtension;
import io.slipstream.localstack.TestResources;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The gateway and the publisher library against a broker that only lets SCRAM-SHA-512 authenticated
 * clients in, with the credentials passed only as configuration: events arrive; a wrong password
 * makes the gateway answer 503; and neither the password nor an API token appears in any log line
 * or error body along the way.
 */
@Tag("integration")
@ExtendWith(LocalStackExtension.class)
class GatewaySaslScramIT {
  private static final Duration WAIT = Duration.ofSeconds(60);
  private static final String USER = "ingest";
  private static final String PASSWORD = "scram-Pa55-" + Long.toHexString(System.nanoTime());
  private static final String TOKEN = "gateway-token-" + Long.toHexString(System.nanoTime());
  private static final String EVENT =
      "{\"service\":\"checkout\",\"operation\":\"GET /a\",\"latencyMicros\":900,\"statusCode\":200}";

  @Test
  void shouldWriteOverSaslWithCredentialsFromConfigurationAndNeverShowASecret(
      LocalStack stack, TestResources resources) throws Exception {
    IngestTopics topics =
        IngestTopics.named(resources.topic("request-events"), resources.topic("resource-samples"));
    try (EmbeddedKafkaBroker broker =
            EmbeddedKafkaBroker.builder().scramUser(USER, PASSWORD).start();
        CapturedLogs logs =
            CapturedLogs.start(
                "org.apache.kafka.clients.producer.ProducerConfig", "io.slipstream")) {
      try (GatewayServer gateway =
          GatewayMain.startFromEnvironment(environment(broker, stack, topics, PASSWORD))) {
        GatewayClient client = new GatewayClient(gateway.port());
        HttpResponse<byte[]> accepted =
            client.post(
                GatewayServer.EVENTS_PATH, TOKEN, "application/json", EVENT.getBytes(UTF_8));
        assertThat(accepted.statusCode()).as(new String(accepted.body(), UTF_8)).isEqualTo(202);

        String guess = TOKEN + "-guess";
        HttpResponse<byte[]> refused =
            client.post(
                GatewayServer.EVENTS_PATH, guess, "application/json", EVENT.getBytes(UTF_8));
        assertThat(refused.statusCode()).isEqualTo(401);
        assertThat(new String(refused.body(), UTF_8)).doesNotContain(guess);
      }

      try (SlipstreamPublisher publisher =
          SlipstreamPublisher.builder()
              .service("checkout")
              .bootstrapServers(broker.saslBootstrapServers())
              .schemaRegistryUrl(stack.schemaRegistryUrl())
              .kafkaProperties(GatewayConfig.kafkaClientProperties(security(PASSWORD)))
              .topics(topics)
              .build()) {
        assertThat(publisher.record("GET /b", 200, Duration.ofMillis(3))).isTrue();
      }
      List<ConsumerRecord<String, RequestEvent>> written =
          TopicReader.readAtLeast(
              broker.bootstrapServers(),
              stack.schemaRegistryUrl(),
              topics.requestEvents().name(),
              RequestEvent.class,
              2,
              WAIT);
      assertThat(written)
          .extracting(r -> r.value().getOperation())
          .containsExactlyInAnyOrder("GET /a", "GET /b");

      String wrongPassword = "not-" + PASSWORD;
      try (GatewayServer gateway =
          GatewayMain.startFromEnvironment(environment(broker, stack, topics, wrongPassword))) {
        HttpResponse<byte[]> unavailable =
            new GatewayClient(gateway.port())
                .post(GatewayServer.EVENTS_PATH, TOKEN, "application/json", EVENT.getBytes(UTF_8));
        assertThat(unavailable.statusCode()).isEqualTo(503);
        assertThat(new String(unavailable.body(), UTF_8))
            .doesNotContain(wrongPassword)
            .doesNotContain(TOKEN);
      }

      String logged = logs.text();
      assertThat(logged).as("what was logged").contains("sasl.jaas.config");
      assertThat(logged).doesNotContain(PASSWORD).doesNotContain(TOKEN);
    }
  }

  private static Map<String, String> environment(
      EmbeddedKafkaBroker broker, LocalStack stack, IngestTopics topics, String password) {
    Map<String, String> env = new HashMap<>(security(password));
    env.put("KAFKA_BOOTSTRAP_SERVERS", broker.saslBootstrapServers());
    env.put("SCHEMA_REGISTRY_URL", stack.schemaRegistryUrl());
    env.put("SLIPSTREAM_GATEWAY_TOKENS", TOKEN + "=checkout");
    env.put("SLIPSTREAM_GATEWAY_HOST", "127.0.0.1");
    env.put("SLIPSTREAM_GATEWAY_PORT", "0");
    env.put("SLIPSTREAM_REQUEST_EVENTS_TOPIC", topics.requestEvents().name());
    env.put("SLIPSTREAM_RESOURCE_SAMPLES_TOPIC", topics.resourceSamples().name());
    return env;
  }

  private static Map<String, String> security(String password) {
    return EmbeddedKafkaBroker.scramClientEnvironment(USER, password);
  }
}
