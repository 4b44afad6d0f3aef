package io.slipstream.processor.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.slipstream.avro.AlertState;
import io.slipstream.avro.BurnRateEvaluation;
import io.slipstream.avro.Outcome;
import io.slipstream.avro.RequestEvent;
import io.slipstream.avro.Severity;
import io.slipstream.avro.SloAlert;
import io.slipstream.contracts.Topics;
import io.slipstream.localstack.LocalStack;
import io.slipstream.localstack.LocalStackExtension;
import io.slipstream.localstack.TestResources;
import io.slipstream.processor.topology.SliSettings;
import io.slipstream.serde.AvroDeserializer;
import io.slipstream.serde.AvroSerializer;
import io.slipstream.serde.SchemaRegistrySettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The SLO pipeline on the real broker and registry with exactly-once: a definition arrives on the
 * definitions topic, six hours of traffic are followed by an outage, and exactly one page
 * transition reaches {@code slo-alerts}, with burn rates on {@code slo-burn-rates}.
 */
@Tag("integration")
@ExtendWith(LocalStackExtension.class)
class SloAlertingIT {
  private static final Duration LIMIT = Duration.ofSeconds(90);

  @Test
  void shouldPageOnceForAnOutage(LocalStack stack, TestResources resources) throws Exception {
    String prefix = resources.suffix() + "-";
    Topics topics = Topics.withPrefix(prefix);
    resources.createTopic(topics.requestEvents().name(), 2);
    resources.createTopic(topics.resourceSamples().name(), 2);
    for (String topic :
        List.of(
            topics.requestEventsDlq().name(),
            topics.resourceSamplesDlq().name(),
            topics.sliSnapshots().name(),
            topics.sloDefinitions().name(),
            topics.sloBurnRates().name(),
            topics.sloAlerts().name())) {
      resources.createTopic(topic, 1);
    }
    Map<String, String> settings = new HashMap<>();
    settings.put("bootstrap.servers", stack.bootstrapServers());
    settings.put("application.id", resources.applicationId("slipstream"));
    settings.put(ProcessorConfig.SCHEMA_REGISTRY_URL, stack.schemaRegistryUrl());
    settings.put(ProcessorConfig.TOPIC_PREFIX, prefix);
    settings.put("state.dir", Files.createTempDirectory("slipstream-slo-it").toString());
    settings.put("commit.interval.ms", "200");

    try (KafkaProducer<String, String> definitions =
        new KafkaProducer<>(producerProps(stack), new StringSerializer(), new StringSerializer())) {
      definitions
          .send(
              new ProducerRecord<>(
                  topics.sloDefinitions().name(),
                  "checkout-availability",
                  Files.readString(Path.of("../examples/slos/checkout-availability.yaml"))))
          .get();
    }
    long outageStart = Math.floorDiv(System.currentTimeMillis(), 60_000L) * 60_000L - 30 * 60_000L;
    List<RequestEvent> events = new ArrayList<>();
    for (long t = outageStart - 6 * 3_600_000L; t < outageStart + 3 * 60_000L; t += 1_000) {
      events.add(event(t, t >= outageStart));
    }

    try (SlipstreamProcessor processor =
        new SlipstreamProcessor(ProcessorConfig.of(settings), SliSettings.defaults())) {
      processor.start();
      produce(stack, topics.requestEvents().name(), events);

      List<SloAlert> alerts = new ArrayList<>();
      List<BurnRateEvaluation> rates = new ArrayList<>();
      try (KafkaConsumer<String, SloAlert> alertConsumer =
              consumer(stack, resources, SloAlert.class, topics.sloAlerts().name());
          KafkaConsumer<String, BurnRateEvaluation> rateConsumer =
              consumer(stack, resources, BurnRateEvaluation.class, topics.sloBurnRates().name())) {
        await("a page reaches slo-alerts")
            .atMost(LIMIT)
            .until(
                () -> {
                  alertConsumer.poll(Duration.ofMillis(200)).forEach(r -> alerts.add(r.value()));
                  rateConsumer.poll(Duration.ofMillis(50)).forEach(r -> rates.add(r.value()));
                  return alerts.stream().anyMatch(a -> a.getSeverity() == Severity.PAGE);
                });
        // Read on for a while: the transition must not repeat on later evaluations.
        long until = System.currentTimeMillis() + 3_000;
        while (System.currentTimeMillis() < until) {
          alertConsumer.poll(Duration.ofMillis(200)).forEach(r -> alerts.add(r.value()));
        }
      }
      List<SloAlert> pages = alerts.stream().filter(a -> a.getSeverity() == Severity.PAGE).toList();
      assertThat(pages).hasSize(1);
      SloAlert page = pages.get(0);
      assertThat(page.getState()).isEqualTo(AlertState.FIRING);
      assertThat(page.getSloId()).isEqualTo("checkout-availability");
      assertThat(page.getTransitionAt().toEpochMilli() - outageStart).isBetween(50_000L, 62_000L);
      assertThat(rates).isNotEmpty();
      assertThat(rates)
          .allSatisfy(r -> assertThat(r.getSloId()).isEqualTo("checkout-availability"));
    }
  }

  private static <T> KafkaConsumer<String, T> consumer(
      LocalStack stack, TestResources resources, Class<T> type, String topic) {
    AvroDeserializer<T> deserializer = new AvroDeserializer<>(type);
    deserializer.configure(Map.of(SchemaRegistrySettings.URL, stack.schemaRegistryUrl()), false);
    Properties props = new Properties();
    props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers());
    props.put(ConsumerConfig.GROUP_ID_CONFIG, resources.applicationId(topic + "-reader"));
    props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    KafkaConsumer<String, T> consumer =
        new KafkaConsumer<>(props, new StringDeserializer(), (Deserializer<T>) deserializer);
    consumer.subscribe(List.of(topic));
    return consumer;
  }

  private static void produce(LocalStack stack, String topic, List<RequestEvent> events) {
    AvroSerializer<RequestEvent> serializer = new AvroSerializer<>();
    serializer.configure(Map.of(SchemaRegistrySettings.URL, stack.schemaRegistryUrl()), false);
    try (KafkaProducer<String, RequestEvent> producer =
        new KafkaProducer<>(producerProps(stack), new StringSerializer(), serializer)) {
      for (RequestEvent event : events) {
        producer.send(new ProducerRecord<>(topic, event.getService(), event));
      }
      producer.flush();
    }
  }

  private static Properties producerProps(LocalStack stack) {
    Properties props = new Properties();
    props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers());
    props.put(ProducerConfig.ACKS_CONFIG, "all");
    props.put(ProducerConfig.LINGER_MS_CONFIG, "20");
    return props;
  }

  private static RequestEvent event(long time, boolean error) {
    return RequestEvent.newBuilder()
        .setService("checkout")
        .setOperation("POST /orders")
        .setTimestamp(Instant.ofEpochMilli(time))
        .setLatencyMicros(15_000)
        .setStatusCode(error ? 503 : 200)
        .setOutcome(error ? Outcome.ERROR : Outcome.SUCCESS)
        .setTraceId(String.format("%032x", time))
        .build();
  }
}
