package io.slipstream.alertmanager.bridge;

import static io.slipstream.alertmanager.bridge.BridgeTestClients.committedOffsets;
import static io.slipstream.alertmanager.bridge.BridgeTestClients.config;
import static io.slipstream.alertmanager.bridge.BridgeTestClients.rawProducer;
import static io.slipstream.alertmanager.bridge.BridgeTestClients.readAll;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.slipstream.alertmanager.SloAlerts;
import io.slipstream.alertmanager.StubAlertmanager;
import io.slipstream.avro.SloAlert;
import io.slipstream.contracts.DeadLetterHeaders;
import io.slipstream.localstack.LocalStack;
import io.slipstream.localstack.LocalStackExtension;
import io.slipstream.localstack.TestResources;
import io.slipstream.serde.AvroSerializer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Delivery policy against answers a real Alertmanager gives only when broken: retries on 5xx, dead
 * letters on 4xx and on undecodable bytes, and delivery going on after both.
 */
@Tag("integration")
@ExtendWith(LocalStackExtension.class)
class AlertmanagerBridgeDeadLetterIT {
  private static final Duration TIMEOUT = Duration.ofSeconds(30);

  @Test
  void shouldRetryServerErrorsDeadLetterRefusalsAndGarbageAndGoOn(
      LocalStack stack, TestResources resources) throws Exception {
    String topic = resources.topic("slo-alerts");
    String deadLetters = resources.topic("slo-alerts-dlq");
    resources.createTopic(topic, 1);
    resources.createTopic(deadLetters, 1);
    String groupId = resources.applicationId("alertmanager-bridge");
    AvroSerializer<SloAlert> serializer = new AvroSerializer<>();
    serializer.configure(Map.of("schema.registry.url", stack.schemaRegistryUrl()), false);
    SloAlert refusedAlert = SloAlerts.firingPage().setSloId("refused").build();
    SloAlert deliveredAlert = SloAlerts.firingPage().setSloId("delivered").build();
    byte[] refused = serializer.serialize(topic, refusedAlert);
    byte[] garbage = "not avro".getBytes(StandardCharsets.UTF_8);
    byte[] delivered = serializer.serialize(topic, deliveredAlert);

    try (StubAlertmanager alertmanager =
            StubAlertmanager.start()
                .thenAnswer(503, "overloaded")
                .thenAnswer(500, "oops")
                .thenAnswer(400, "{\"code\":400,\"message\":\"bad alert\"}");
        AlertmanagerBridge bridge =
            new AlertmanagerBridge(
                config(stack, resources, groupId, Duration.ofHours(1), alertmanager.baseUrl()));
        Producer<byte[], byte[]> producer = rawProducer(stack)) {
      bridge.start();
      AlertmanagerBridgeIT.awaitAssignment(bridge, 1);
      for (byte[] value : List.of(refused, garbage, delivered)) {
        producer
            .send(new ProducerRecord<>(topic, "key".getBytes(StandardCharsets.UTF_8), value))
            .get(10, TimeUnit.SECONDS);
      }

      await("all three records are handled and committed")
          .atMost(TIMEOUT)
          .until(
              () -> committedOffsets(stack, groupId).getOrDefault(new TopicPartition(topic, 0), 0L),
              offset -> offset == 3L);

      // 503 and 500 retried, then 400 refused; the garbage never reached Alertmanager; the last
      // alert was accepted at once. (The hour-long re-send interval sends nothing else.)
      List<String> bodies = alertmanager.bodies();
      assertThat(bodies).hasSize(4);
      assertThat(bodies.subList(0, 3)).allMatch(body -> body.contains("\"slo\":\"refused\""));
      assertThat(bodies.get(3)).contains("\"slo\":\"delivered\"");

      List<ConsumerRecord<byte[], byte[]>> letters = readAll(stack, deadLetters);
      assertThat(letters).hasSize(2);
      assertThat(letters.get(0).value()).isEqualTo(refused);
      assertThat(header(letters.get(0), DeadLetterHeaders.REASON))
          .isEqualTo("ALERTMANAGER_REJECTED");
      assertThat(header(letters.get(0), DeadLetterHeaders.DETAIL))
          .contains("answered 400")
          .contains("bad alert");
      assertThat(header(letters.get(0), DeadLetterHeaders.SOURCE_OFFSET)).isEqualTo("0");
      assertThat(letters.get(1).value()).isEqualTo(garbage);
      assertThat(header(letters.get(1), DeadLetterHeaders.REASON)).isEqualTo("UNDECODABLE");
      assertThat(header(letters.get(1), DeadLetterHeaders.SOURCE_OFFSET)).isEqualTo("1");

      // The refused FIRING is not kept for re-sending; the delivered one is.
      assertThat(bridge.firingCount()).isEqualTo(1);
    }
  }

  private static String header(ConsumerRecord<byte[], byte[]> record, String name) {
    return new String(record.headers().lastHeader(name).value(), StandardCharsets.UTF_8);
  }
}
