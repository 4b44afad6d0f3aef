package io.slipstream.ingest.gateway;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import io.slipstream.avro.Outcome;
import io.slipstream.avro.RequestEvent;
import io.slipstream.avro.ResourceSample;
import io.slipstream.ingest.IngestTopics;
import io.slipstream.ingest.TopicReader;
import io.slipstream.ingest.app.GatewayMain;
import io.slipstream.ingest.otlp.OtlpPayloads;
import io.slipstream.ingest.otlp.OtlpTraceEndpoint;
import io.slipstream.localstack.LocalStack;
import io.slipstream.localstack.LocalStackExtension;
import io.slipstream.localstack.TestResources;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@Tag("integration")
@ExtendWith(LocalStackExtension.class)
class GatewayIT {

  private static final String TOKEN = "it-token";
  private static final Duration WAIT = Duration.ofSeconds(60);

  @Test
  void shouldWriteJsonEventsAndOtlpSpansThatDecodeToWhatWasSent(
      LocalStack stack, TestResources resources) throws Exception {
    IngestTopics topics =
        IngestTopics.named(resources.topic("request-events"), resources.topic("resource-samples"));
    resources.createTopic(topics.requestEvents().name(), 2);
    resources.createTopic(topics.resourceSamples().name(), 1);
    GatewayConfig config =
        new GatewayConfig(
            stack.bootstrapServers(),
            stack.schemaRegistryUrl(),
            ApiTokens.parse(TOKEN + "=checkout,payments"),
            topics,
            GatewaySettings.loopbackDefaults());

    try (GatewayServer server = GatewayMain.start(config, Map.of())) {
      GatewayClient client = new GatewayClient(server.port());
      String events =
          """
          {"service": "checkout", "operation": "GET /carts/{id}", "timestamp": 1700000000000, "latencyMicros": 900, "statusCode": 200}
          {"service": "checkout", "operation": "GET /carts/{id}", "latencyMicros": "slow"}
          {"type": "resource", "service": "payments", "instance": "pod-1", "timestamp": 1700000000000, "cpuUtilization": 0.9, "memoryUtilization": 0.4}
          """;
      HttpResponse<byte[]> mixed =
          client.post(
              GatewayServer.EVENTS_PATH, TOKEN, "application/x-ndjson", events.getBytes(UTF_8));
      assertThat(mixed.statusCode()).as(new String(mixed.body(), UTF_8)).isEqualTo(400);
      assertThat(new String(mixed.body(), UTF_8))
          .contains("\"requestEvents\":1", "\"resourceSamples\":1", "\"index\":1", "latencyMicros");

      HttpResponse<byte[]> traces =
          client.post(
              OtlpTraceEndpoint.PATH,
              TOKEN,
              "application/x-protobuf",
              OtlpPayloads.sample("payments").toByteArray());
      assertThat(traces.statusCode()).isEqualTo(200);
      assertThat(
              ExportTraceServiceResponse.parseFrom(traces.body())
                  .getPartialSuccess()
                  .getRejectedSpans())
          .isEqualTo(1);
      assertThat(server.acceptedEvents()).isEqualTo(5);
    }

    List<ConsumerRecord<String, RequestEvent>> requests =
        TopicReader.readAtLeast(
            stack.bootstrapServers(),
            stack.schemaRegistryUrl(),
            topics.requestEvents().name(),
            RequestEvent.class,
            4,
            WAIT);
    assertThat(requests).hasSize(4);
    assertThat(requests).allSatisfy(r -> assertThat(r.key()).isEqualTo(r.value().getService()));
    RequestEvent fromJson =
        requests.stream()
            .map(ConsumerRecord::value)
            .filter(e -> e.getService().equals("checkout"))
            .findFirst()
            .orElseThrow();
    assertThat(fromJson.getLatencyMicros()).isEqualTo(900);
    assertThat(fromJson.getOutcome()).isEqualTo(Outcome.SUCCESS);
    assertThat(requests.stream().map(r -> r.value().getOperation()))
        .contains("GET /carts/{id}", "POST /orders", "ProcessPayment");

    List<ConsumerRecord<String, ResourceSample>> samples =
        TopicReader.readAtLeast(
            stack.bootstrapServers(),
            stack.schemaRegistryUrl(),
            topics.resourceSamples().name(),
            ResourceSample.class,
            1,
            WAIT);
    assertThat(samples)
        .singleElement()
        .satisfies(s -> assertThat(s.value().getCpuUtilization()).isEqualTo(0.9));
  }

  @Test
  void shouldAnswer503WhenKafkaCannotBeReached(LocalStack stack) throws Exception {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      closedPort = socket.getLocalPort();
    }
    GatewayConfig config =
        new GatewayConfig(
            "127.0.0.1:" + closedPort,
            stack.schemaRegistryUrl(),
            ApiTokens.parse(TOKEN + "=*"),
            IngestTopics.DEFAULTS,
            GatewaySettings.loopbackDefaults());

    try (GatewayServer server = GatewayMain.start(config, Map.of("max.block.ms", 500))) {
      HttpResponse<byte[]> response =
          new GatewayClient(server.port())
              .post(
                  GatewayServer.EVENTS_PATH,
                  TOKEN,
                  "application/json",
                  "[{\"service\":\"checkout\",\"operation\":\"x\",\"latencyMicros\":1}]"
                      .getBytes(UTF_8));
      assertThat(response.statusCode()).isEqualTo(503);
      assertThat(response.headers().firstValue("Retry-After")).isPresent();
    }
  }
}
