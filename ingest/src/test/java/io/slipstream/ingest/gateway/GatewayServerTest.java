package io.slipstream.ingest.gateway;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.slipstream.avro.Outcome;
import io.slipstream.avro.RequestEvent;
import io.slipstream.avro.ResourceSample;
import io.slipstream.ingest.IngestEvent;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The gateway over real HTTP on loopback, with a recording publisher instead of Kafka. */
class GatewayServerTest {

  private static final String TOKEN = "checkout-secret";
  private static final String ADMIN = "admin-secret";
  private static final Instant NOW = Instant.parse("2025-03-01T12:00:00Z");
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private final RecordingPublisher publisher = new RecordingPublisher();
  private GatewayServer server;
  private GatewayClient client;

  @BeforeEach
  void start() {
    startWith(GatewaySettings.loopbackDefaults().withMaxBodyBytes(64 * 1024));
  }

  private void startWith(GatewaySettings settings) {
    server =
        new GatewayServer(
                settings,
                ApiTokens.parse(TOKEN + "=checkout,checkout-worker;" + ADMIN + "=*"),
                publisher,
                Clock.fixed(NOW, ZoneOffset.UTC))
            .start();
    client = new GatewayClient(server.port());
  }

  @AfterEach
  void stop() {
    server.close();
  }

  @Test
  void shouldAcceptAJsonArrayAndAnswer202WithCountsOnceWritten() throws Exception {
    String body =
        """
        [{"service": "checkout", "operation": "GET /carts/{id}", "timestamp": 1700000000000,
          "latencyMicros": 1200, "statusCode": 503, "traceId": "4bf92f3577b34da6a3ce929d0e0e4736",
          "spanId": "00f067aa0ba902b7", "attributes": {"tier": "gold"}},
         {"type": "resource", "service": "checkout", "instance": "pod-1",
          "timestamp": "2025-03-01T11:59:00Z", "cpuUtilization": 0.5, "memoryUtilization": 0.25}]
        """;

    HttpResponse<byte[]> response = post("application/json", body);

    assertThat(response.statusCode()).isEqualTo(202);
    JsonNode answer = MAPPER.readTree(response.body());
    assertThat(answer.at("/accepted/requestEvents").asInt()).isEqualTo(1);
    assertThat(answer.at("/accepted/resourceSamples").asInt()).isEqualTo(1);
    assertThat(answer.get("rejected").asInt()).isZero();
    assertThat(publisher.published).hasSize(2);
    RequestEvent event = (RequestEvent) publisher.published.get(0).record();
    assertThat(event.getOutcome()).isEqualTo(Outcome.ERROR);
    assertThat(event.getTimestamp()).isEqualTo(Instant.ofEpochMilli(1_700_000_000_000L));
    assertThat(event.getAttributes()).containsEntry("tier", "gold");
    ResourceSample sample = (ResourceSample) publisher.published.get(1).record();
    assertThat(sample.getTimestamp()).isEqualTo(Instant.parse("2025-03-01T11:59:00Z"));
  }

  @Test
  void shouldAcceptNdjsonAndFillDefaults() throws Exception {
    String body =
        """
        {"service": "checkout", "operation": "POST /orders", "latencyMs": 12.5, "statusCode": 200}

        {"service": "checkout-worker", "operation": "consume", "latencyMicros": 7}
        """;

    HttpResponse<byte[]> response = post("application/x-ndjson; charset=utf-8", body);

    assertThat(response.statusCode()).isEqualTo(202);
    assertThat(publisher.published).hasSize(2);
    RequestEvent first = (RequestEvent) publisher.published.get(0).record();
    assertThat(first.getLatencyMicros()).isEqualTo(12_500);
    assertThat(first.getTimestamp()).isEqualTo(NOW);
    assertThat(first.getOutcome()).isEqualTo(Outcome.SUCCESS);
    RequestEvent second = (RequestEvent) publisher.published.get(1).record();
    assertThat(second.getOutcome()).isEqualTo(Outcome.UNKNOWN);
    assertThat(publisher.published.get(1).service()).isEqualTo("checkout-worker");
  }

  @Test
  void shouldWriteTheGoodItemsOfAMixedBatchAndNameEachBadItemAndField() throws Exception {
    String body =
        """
        [{"service": "checkout", "operation": "GET /a", "latencyMicros": 5},
         {"service": "checkout", "latencyMicros": -1, "statusCode": 700},
         "not an object",
         {"service": "checkout", "operation": "GET /b", "latencyMicros": 5, "traceId": "XYZ"},
         {"type": "resource", "service": "checkout", "instance": "i", "cpuUtilization": 1.5},
         {"service": "checkout", "operation": "GET /c", "latencyMicros": 9}]
        """;

    HttpResponse<byte[]> response = post("application/json", body);

    assertThat(response.statusCode()).isEqualTo(400);
    JsonNode answer = MAPPER.readTree(response.body());
    assertThat(answer.at("/accepted/requestEvents").asInt()).isEqualTo(2);
    assertThat(answer.get("rejected").asInt()).isEqualTo(4);
    assertThat(answer.get("errors"))
        .extracting(e -> e.get("index").asInt() + ":" + e.get("field").asText())
        .containsExactlyInAnyOrder(
            "1:operation",
            "1:latencyMicros",
            "1:statusCode",
            "2:$",
            "3:traceId",
            "4:cpuUtilization",
            "4:memoryUtilization");
    assertThat(publisher.published)
        .extracting(e -> ((RequestEvent) e.record()).getOperation())
        .containsExactly("GET /a", "GET /c");
  }

  @Test
  void shouldAnswer401WithoutAValidToken() throws Exception {
    String body = "[]";
    HttpResponse<byte[]> none =
        client.post("/v1/events", null, "application/json", body.getBytes(UTF_8));
    HttpResponse<byte[]> unknown =
        client.post("/v1/events", "guessed", "application/json", body.getBytes(UTF_8));

    assertThat(none.statusCode()).isEqualTo(401);
    assertThat(none.headers().firstValue("WWW-Authenticate")).contains("Bearer");
    assertThat(unknown.statusCode()).isEqualTo(401);
    assertThat(MAPPER.readTree(unknown.body()).get("error").asText()).isEqualTo("unauthorized");
  }

  @Test
  void shouldAnswer403AndWriteNothingForAServiceTheTokenIsNotIssuedFor() throws Exception {
    String body =
        """
        [{"service": "checkout", "operation": "GET /a", "latencyMicros": 5},
         {"service": "payments", "operation": "GET /b", "latencyMicros": 5}]
        """;

    HttpResponse<byte[]> response = post("application/json", body);

    assertThat(response.statusCode()).isEqualTo(403);
    assertThat(MAPPER.readTree(response.body()).get("services").get(0).asText())
        .isEqualTo("payments");
    assertThat(publisher.published).isEmpty();
    HttpResponse<byte[]> asAdmin =
        client.post("/v1/events", ADMIN, "application/json", body.getBytes(UTF_8));
    assertThat(asAdmin.statusCode()).isEqualTo(202);
  }

  @Test
  void shouldAnswer415ForAnUnknownContentType() throws Exception {
    HttpResponse<byte[]> text = post("text/plain", "hello");
    HttpResponse<byte[]> none = client.post("/v1/events", TOKEN, null, "[]".getBytes(UTF_8));

    assertThat(text.statusCode()).isEqualTo(415);
    assertThat(MAPPER.readTree(text.body()).get("supported").toString())
        .contains("application/json", "application/x-ndjson");
    assertThat(none.statusCode()).isEqualTo(415);
  }

  @Test
  void shouldAnswer413AboveTheSizeLimitAlsoAfterInflatingGzip() throws Exception {
    String item = "{\"service\":\"checkout\",\"operation\":\"GET /a\",\"latencyMicros\":5}\n";
    byte[] large = item.repeat(70 * 1024 / item.length() + 1).getBytes(UTF_8);

    HttpResponse<byte[]> plain = client.post("/v1/events", TOKEN, "application/x-ndjson", large);
    HttpResponse<byte[]> zipped =
        client.post("/v1/events", TOKEN, "application/x-ndjson", "gzip", gzip(large));

    assertThat(plain.statusCode()).isEqualTo(413);
    assertThat(zipped.statusCode()).isEqualTo(413);
    assertThat(publisher.published).isEmpty();
    HttpResponse<byte[]> small =
        client.post(
            "/v1/events", TOKEN, "application/x-ndjson", "gzip", gzip(item.getBytes(UTF_8)));
    assertThat(small.statusCode()).isEqualTo(202);
  }

  @Test
  void shouldAnswer400ForABodyThatIsNotJson() throws Exception {
    HttpResponse<byte[]> response = post("application/json", "[{\"service\": ");
    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(MAPPER.readTree(response.body()).get("message").asText()).contains("not valid JSON");
  }

  @Test
  void shouldAnswer503WhenKafkaDoesNotAcknowledge() throws Exception {
    publisher.failing = true;
    HttpResponse<byte[]> response =
        post(
            "application/json",
            "[{\"service\":\"checkout\",\"operation\":\"x\",\"latencyMicros\":1}]");
    assertThat(response.statusCode()).isEqualTo(503);
    assertThat(response.headers().firstValue("Retry-After")).isPresent();
  }

  @Test
  void shouldAnswer429WithRetryAfterAboveTheTokensRateLimit() throws Exception {
    server.close();
    startWith(GatewaySettings.loopbackDefaults().withRequestsPerSecondPerToken(2));
    int limited = 0;
    HttpResponse<byte[]> last = null;
    for (int i = 0; i < 5; i++) {
      last = post("application/json", "[]");
      if (last.statusCode() == 429) {
        limited++;
        assertThat(last.headers().firstValue("Retry-After")).contains("1");
      }
    }
    assertThat(limited).isBetween(1, 3);
    // another token has its own budget
    assertThat(
            client.post("/v1/events", ADMIN, "application/json", "[]".getBytes(UTF_8)).statusCode())
        .isEqualTo(202);
  }

  @Test
  void shouldAnswerHealthChecks() throws Exception {
    assertThat(client.get("/health").statusCode()).isEqualTo(200);
    assertThat(client.get("/nowhere").statusCode()).isEqualTo(404);
  }

  @Test
  void shouldExposeCountersInPrometheusTextFormat() throws Exception {
    post(
        "application/json",
        "[{\"service\":\"checkout\",\"operation\":\"x\",\"latencyMicros\":1}, {}]");
    post("text/plain", "x");
    client.get("/random-probe");

    HttpResponse<String> metrics = client.get(GatewayServer.METRICS_PATH);

    assertThat(metrics.statusCode()).isEqualTo(200);
    assertThat(metrics.headers().firstValue("Content-Type"))
        .hasValueSatisfying(type -> assertThat(type).startsWith("text/plain"));
    assertThat(metrics.body())
        .contains("slipstream_gateway_events_accepted_total 1\n")
        .contains("slipstream_gateway_items_rejected_total 1\n")
        .contains("slipstream_gateway_responses_total{path=\"/v1/events\",status=\"400\"} 1\n")
        .contains("slipstream_gateway_responses_total{path=\"/v1/events\",status=\"415\"} 1\n")
        .contains("slipstream_gateway_responses_total{path=\"other\",status=\"404\"} 1\n");
  }

  @Test
  void shouldReadItsConfigurationFromTheEnvironment() {
    GatewayConfig config =
        GatewayConfig.fromEnvironment(
            java.util.Map.of(
                "KAFKA_BOOTSTRAP_SERVERS", "kafka:9092",
                "SCHEMA_REGISTRY_URL", "http://registry:8081",
                "SLIPSTREAM_GATEWAY_TOKENS", "t1=a,b;t2=*",
                "SLIPSTREAM_GATEWAY_PORT", "9000",
                "SLIPSTREAM_GATEWAY_RATE_LIMIT", "50"));
    assertThat(config.settings().port()).isEqualTo(9000);
    assertThat(config.settings().requestsPerSecondPerToken()).isEqualTo(50);
    assertThat(config.topics().requestEvents().name()).isEqualTo("request-events");
    assertThat(config.tokens().authenticate("Bearer t1").orElseThrow().allows("b")).isTrue();
    assertThat(config.tokens().authenticate("Bearer t1").orElseThrow().allows("c")).isFalse();
    assertThat(config.tokens().authenticate("bearer t2").orElseThrow().allows("c")).isTrue();
    assertThat(config.tokens().authenticate("Basic t2")).isEmpty();
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> GatewayConfig.fromEnvironment(java.util.Map.of()))
        .hasMessageContaining("KAFKA_BOOTSTRAP_SERVERS");
  }

  private HttpResponse<byte[]> post(String contentType, String body)
      throws IOException, InterruptedException {
    return client.post("/v1/events", TOKEN, contentType, body.getBytes(UTF_8));
  }

  static byte[] gzip(byte[] data) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream zip = new GZIPOutputStream(out)) {
      zip.write(data);
    }
    return out.toByteArray();
  }

  static IngestEvent only(java.util.List<IngestEvent> events) {
    assertThat(events).hasSize(1);
    return events.get(0);
  }
}
