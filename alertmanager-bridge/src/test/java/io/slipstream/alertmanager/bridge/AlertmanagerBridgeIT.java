package io.slipstream.alertmanager.bridge;

import static io.slipstream.alertmanager.bridge.BridgeTestClients.alertProducer;
import static io.slipstream.alertmanager.bridge.BridgeTestClients.committedOffsets;
import static io.slipstream.alertmanager.bridge.BridgeTestClients.config;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.slipstream.alertmanager.AlertmanagerProcess;
import io.slipstream.alertmanager.SloAlerts;
import io.slipstream.alertmanager.mapping.AlertJson;
import io.slipstream.avro.AlertState;
import io.slipstream.avro.SloAlert;
import io.slipstream.localstack.LocalStack;
import io.slipstream.localstack.LocalStackExtension;
import io.slipstream.localstack.TestResources;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The bridge between the embedded broker and registry and a real Alertmanager process. */
@Tag("integration")
@ExtendWith(LocalStackExtension.class)
class AlertmanagerBridgeIT {
  /** Short, so the test sees re-sends outlive the TTL of four intervals within seconds. */
  private static final Duration RESEND = Duration.ofSeconds(1);

  private static final Duration TIMEOUT = Duration.ofSeconds(30);

  @Test
  void shouldFireThenResolveTheAlertInAlertmanagerAndKeepItActiveMeanwhile(
      LocalStack stack, TestResources resources) throws Exception {
    String topic = resources.topic("slo-alerts");
    resources.createTopic(topic, 2);
    resources.createTopic(resources.topic("slo-alerts-dlq"), 1);
    String groupId = resources.applicationId("alertmanager-bridge");
    String sloId = "checkout-availability-" + resources.suffix();
    Instant firedAt = Instant.now().minus(Duration.ofMinutes(1)).truncatedTo(ChronoUnit.MILLIS);
    SloAlert firing = SloAlerts.firingPage().setSloId(sloId).setTransitionAt(firedAt).build();

    try (AlertmanagerProcess alertmanager = AlertmanagerProcess.start();
        AlertmanagerBridge bridge =
            new AlertmanagerBridge(
                config(stack, resources, groupId, RESEND, alertmanager.baseUrl()));
        Producer<String, SloAlert> producer = alertProducer(stack)) {
      bridge.start();
      awaitAssignment(bridge, 2);
      RecordMetadata sent =
          producer.send(new ProducerRecord<>(topic, sloId, firing)).get(10, TimeUnit.SECONDS);

      JsonNode active =
          await("the FIRING alert is active in Alertmanager")
              .atMost(TIMEOUT)
              .until(
                  () -> alertmanager.activeAlertOfSlo(sloId),
                  alert ->
                      alert != null
                          && alert.path("status").path("state").asText().equals("active"));
      assertThat(active.path("labels").properties())
          .extracting(Map.Entry::getKey, entry -> entry.getValue().asText())
          .containsExactlyInAnyOrder(
              tuple("alertname", "SloErrorBudgetBurn"),
              tuple("slo", sloId),
              tuple("service", "checkout"),
              tuple("severity", "page"),
              tuple("team", "payments"),
              tuple("app_kubernetes_io_name", "checkout"));
      JsonNode annotations = active.path("annotations");
      assertThat(annotations.path("summary").asText()).isEqualTo("Checkout is failing");
      assertThat(annotations.path("runbook_url").asText())
          .isEqualTo("https://runbooks.example.com/checkout");
      assertThat(annotations.path("error_budget_remaining").asText()).isEqualTo("37.50%");
      assertThat(annotations.path("burn_rates").asText())
          .isEqualTo("1h=15.20 5m=16.00 > 14.4; 6h=7.25 30m=n/a > 6");
      assertThat(annotations.path("exemplar_trace_ids").asText())
          .isEqualTo("4bf92f3577b34da6a3ce929d0e0e4736,00f067aa0ba902b7");
      assertThat(active.path("startsAt").asText()).isEqualTo(AlertJson.format(firedAt));

      // Unless re-sent, Alertmanager would resolve it 4 s (the TTL) after the last send.
      await("the alert stays active past its TTL because the bridge re-sends it")
          .during(Duration.ofSeconds(6))
          .atMost(Duration.ofSeconds(10))
          .until(() -> alertmanager.activeAlertOfSlo(sloId), Objects::nonNull);

      SloAlert resolved =
          SloAlerts.resolvedPage()
              .setSloId(sloId)
              .setTransitionAt(Instant.now().truncatedTo(ChronoUnit.MILLIS))
              .build();
      producer.send(new ProducerRecord<>(topic, sloId, resolved)).get(10, TimeUnit.SECONDS);

      await("the RESOLVED alert is no longer active")
          .atMost(TIMEOUT)
          .until(() -> alertmanager.activeAlertOfSlo(sloId) == null);
      TopicPartition partition = new TopicPartition(topic, sent.partition());
      await("both records' offsets are committed")
          .atMost(TIMEOUT)
          .until(
              () -> committedOffsets(stack, groupId).getOrDefault(partition, 0L),
              offset -> offset == 2L);
      assertThat(bridge.firingCount()).isZero();
      assertThat(bridge.failure()).isEmpty();
    }
  }

  @Test
  void shouldRebuildFiringAlertsFromTheTopicAndResendThemAfterARestart(
      LocalStack stack, TestResources resources) throws Exception {
    String topic = resources.topic("slo-alerts");
    resources.createTopic(topic, 1);
    resources.createTopic(resources.topic("slo-alerts-dlq"), 1);
    String groupId = resources.applicationId("alertmanager-bridge");
    String stillFiring = "search-latency-" + resources.suffix();
    String resolvedMeanwhile = "checkout-availability-" + resources.suffix();
    Instant firedAt = Instant.now().minus(Duration.ofMinutes(5)).truncatedTo(ChronoUnit.MILLIS);

    try (Producer<String, SloAlert> producer = alertProducer(stack)) {
      try (AlertmanagerProcess first = AlertmanagerProcess.start();
          AlertmanagerBridge bridge =
              new AlertmanagerBridge(config(stack, resources, groupId, RESEND, first.baseUrl()))) {
        bridge.start();
        awaitAssignment(bridge, 1);
        send(
            producer, topic, SloAlerts.firingPage().setSloId(stillFiring).setTransitionAt(firedAt));
        send(producer, topic, SloAlerts.firingPage().setSloId(resolvedMeanwhile));
        send(
            producer,
            topic,
            SloAlerts.resolvedPage()
                .setSloId(resolvedMeanwhile)
                .setTransitionAt(Instant.now().truncatedTo(ChronoUnit.MILLIS)));
        await("all three transitions are delivered and committed")
            .atMost(TIMEOUT)
            .until(
                () ->
                    committedOffsets(stack, groupId).getOrDefault(new TopicPartition(topic, 0), 0L),
                offset -> offset == 3L);
      }

      // A new Alertmanager that never saw these alerts, and a new bridge in the same group:
      // nothing new is produced, so whatever arrives comes from the rebuilt state.
      try (AlertmanagerProcess second = AlertmanagerProcess.start();
          AlertmanagerBridge restarted =
              new AlertmanagerBridge(config(stack, resources, groupId, RESEND, second.baseUrl()))) {
        restarted.start();

        JsonNode alert =
            await("the firing alert reaches the new Alertmanager by re-send")
                .atMost(TIMEOUT)
                .until(() -> second.activeAlertOfSlo(stillFiring), Objects::nonNull);
        assertThat(alert.path("startsAt").asText()).isEqualTo(AlertJson.format(firedAt));
        assertThat(second.activeAlertOfSlo(resolvedMeanwhile)).isNull();
        assertThat(restarted.firingCount()).isEqualTo(1);
      }
    }
  }

  @Test
  void shouldKeepTwoCustomersPagesOfAGroupedSloAsTwoAlerts(
      LocalStack stack, TestResources resources) throws Exception {
    String topic = resources.topic("slo-alerts");
    resources.createTopic(topic, 1);
    resources.createTopic(resources.topic("slo-alerts-dlq"), 1);
    String groupId = resources.applicationId("alertmanager-bridge");
    String team = "checkout-" + resources.suffix();
    Instant firedAt = Instant.now().minus(Duration.ofMinutes(1)).truncatedTo(ChronoUnit.MILLIS);

    try (AlertmanagerProcess alertmanager = AlertmanagerProcess.start();
        AlertmanagerBridge bridge =
            new AlertmanagerBridge(
                config(stack, resources, groupId, RESEND, alertmanager.baseUrl()));
        Producer<String, SloAlert> producer = alertProducer(stack)) {
      bridge.start();
      awaitAssignment(bridge, 1);
      for (String customer : List.of("acme", "globex")) {
        send(producer, topic, customerPage(customer, team).setTransitionAt(firedAt));
      }

      await("both customers' pages are active in Alertmanager, as two alerts")
          .atMost(TIMEOUT)
          .until(() -> activeCustomers(alertmanager, team), List.of("acme", "globex")::equals);
      JsonNode acme =
          alertmanager.activeAlerts().stream()
              .filter(alert -> alert.path("labels").path("customer").asText().equals("acme"))
              .findFirst()
              .orElseThrow();
      assertThat(acme.path("labels").path("slo_group").asText()).isEqualTo("customer=\"acme\"");
      assertThat(acme.path("labels").path("slo").asText())
          .isEqualTo("checkout-availability-by-customer");
      assertThat(acme.path("annotations").path("summary").asText()).contains("{customer=\"acme\"}");
      assertThat(acme.path("annotations").path("description").asText())
          .endsWith("[customer=\"acme\"]");
      assertThat(bridge.firingCount()).isEqualTo(2);

      send(
          producer,
          topic,
          customerPage("acme", team)
              .setState(AlertState.RESOLVED)
              .setTransitionAt(Instant.now().truncatedTo(ChronoUnit.MILLIS)));
      await("acme's page resolves")
          .atMost(TIMEOUT)
          .until(() -> activeCustomers(alertmanager, team), List.of("globex")::equals);
      // Unless re-sent, Alertmanager would resolve globex's page 4 s (the TTL) after its last send.
      await("globex's page stays active past its TTL")
          .during(Duration.ofSeconds(6))
          .atMost(Duration.ofSeconds(10))
          .until(() -> activeCustomers(alertmanager, team), List.of("globex")::equals);
      assertThat(bridge.firingCount()).isEqualTo(1);
      assertThat(bridge.failure()).isEmpty();
    }
  }

  /** A customer's page, with a team label of this test's own to tell its alerts apart. */
  private static SloAlert.Builder customerPage(String customer, String team) {
    SloAlert.Builder page = SloAlerts.firingCustomerPage(customer);
    Map<String, String> labels = new java.util.HashMap<>(page.getLabels());
    labels.put("team", team);
    return page.setLabels(labels);
  }

  /** The customers whose page of this test is active in Alertmanager, in order. */
  private static List<String> activeCustomers(AlertmanagerProcess alertmanager, String team)
      throws Exception {
    return alertmanager.activeAlerts().stream()
        .filter(alert -> alert.path("labels").path("team").asText().equals(team))
        .filter(alert -> alert.path("status").path("state").asText().equals("active"))
        .map(alert -> alert.path("labels").path("customer").asText())
        .sorted()
        .toList();
  }

  /**
   * Waits until the bridge owns its partitions: a group without committed offsets starts delivery
   * at the end of each partition, so records produced before that would count as history.
   */
  static void awaitAssignment(AlertmanagerBridge bridge, int partitions) {
    await("the bridge is assigned its partitions")
        .atMost(TIMEOUT)
        .until(() -> bridge.assignedPartitions().size() == partitions);
  }

  private static void send(
      Producer<String, SloAlert> producer, String topic, SloAlert.Builder alert) throws Exception {
    SloAlert built = alert.build();
    producer.send(new ProducerRecord<>(topic, built.getSloId(), built)).get(10, TimeUnit.SECONDS);
  }
}
