package io.slipstream.ingest.otlp;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import io.slipstream.avro.Outcome;
import io.slipstream.avro.RequestEvent;
import io.slipstream.ingest.gateway.ApiTokens;
import io.slipstream.ingest.gateway.GatewayClient;
import io.slipstream.ingest.gateway.GatewayServer;
import io.slipstream.ingest.gateway.GatewaySettings;
import io.slipstream.ingest.gateway.ParsedBatch;
import io.slipstream.ingest.gateway.RecordingPublisher;
import java.io.ByteArrayOutputStream;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class OtlpTraceEndpointTest {

  private static final String TOKEN = "otel-collector";

  private final RecordingPublisher publisher = new RecordingPublisher();
  private GatewayServer server;
  private GatewayClient client;

  @BeforeEach
  void start() {
    server =
        new GatewayServer(
            GatewaySettings.loopbackDefaults(),
            ApiTokens.parse(TOKEN + "=checkout,payments"),
            publisher,
            Clock.systemUTC());
    OtlpTraceEndpoint.register(server);
    server.start();
    client = new GatewayClient(server.port());
  }

  @AfterEach
  void stop() {
    server.close();
  }

  @Test
  void shouldTurnServerSpansIntoRequestEventsFollowingTheSemanticConventions() {
    ParsedBatch batch = SpanConverter.convert(OtlpPayloads.sample("checkout"));

    assertThat(batch.itemCount()).isEqualTo(5);
    List<RequestEvent> events =
        batch.events().stream().map(e -> (RequestEvent) e.record()).toList();
    assertThat(events).hasSize(3);

    RequestEvent ok = events.get(0);
    assertThat(ok.getService()).isEqualTo("checkout");
    assertThat(ok.getOperation()).isEqualTo("GET /carts/{id}");
    assertThat(ok.getStatusCode()).isEqualTo(200);
    assertThat(ok.getOutcome()).isEqualTo(Outcome.SUCCESS);
    assertThat(ok.getLatencyMicros()).isEqualTo(12_000);
    assertThat(ok.getTimestamp())
        .isEqualTo(Instant.ofEpochSecond(0, OtlpPayloads.START_NANOS + 12_000_000));
    assertThat(ok.getTraceId()).isEqualTo(OtlpPayloads.TRACE_ID);
    assertThat(ok.getSpanId()).isEqualTo("0000000000000001");
    assertThat(ok.getInstance()).isEqualTo("pod-3");
    assertThat(ok.getRegion()).isEqualTo("eu-west-1");

    RequestEvent failed = events.get(1);
    assertThat(failed.getOperation()).isEqualTo("POST /orders");
    assertThat(failed.getStatusCode()).isEqualTo(503);
    assertThat(failed.getOutcome()).isEqualTo(Outcome.ERROR);

    RequestEvent rpc = events.get(2);
    assertThat(rpc.getOperation()).isEqualTo("ProcessPayment");
    assertThat(rpc.getStatusCode()).isNull();
    assertThat(rpc.getOutcome()).isEqualTo(Outcome.ERROR);

    assertThat(batch.errors()).singleElement().satisfies(e -> assertThat(e.index()).isEqualTo(4));
  }

  @Test
  void shouldAcceptGzippedProtobufAndReportRejectedSpansAsPartialSuccess() throws Exception {
    byte[] body = gzip(OtlpPayloads.sample("checkout").toByteArray());

    HttpResponse<byte[]> response =
        client.post(OtlpTraceEndpoint.PATH, TOKEN, "application/x-protobuf", "gzip", body);

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("Content-Type"))
        .hasValueSatisfying(type -> assertThat(type).startsWith("application/x-protobuf"));
    ExportTraceServiceResponse answer = ExportTraceServiceResponse.parseFrom(response.body());
    assertThat(answer.getPartialSuccess().getRejectedSpans()).isEqualTo(1);
    assertThat(answer.getPartialSuccess().getErrorMessage()).contains("span 4");
    assertThat(publisher.published).hasSize(3);
  }

  @Test
  void shouldAcceptOtlpJson() throws Exception {
    HttpResponse<byte[]> response =
        client.post(
            OtlpTraceEndpoint.PATH,
            TOKEN,
            "application/json",
            OtlpPayloads.sampleJson("payments").getBytes(UTF_8));

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(new ObjectMapper().readTree(response.body()).has("partialSuccess")).isFalse();
    List<RequestEvent> events =
        publisher.published.stream().map(e -> (RequestEvent) e.record()).toList();
    assertThat(events).hasSize(2);
    assertThat(events.get(0).getService()).isEqualTo("payments");
    assertThat(events.get(0).getOperation()).isEqualTo("GET /items/{id}");
    assertThat(events.get(0).getStatusCode()).isEqualTo(404);
    assertThat(events.get(0).getOutcome()).isEqualTo(Outcome.CLIENT_ERROR);
    assertThat(events.get(0).getLatencyMicros()).isEqualTo(5_000);
    assertThat(events.get(0).getInstance()).isEqualTo("host-9");
    assertThat(events.get(0).getTraceId()).isEqualTo(OtlpPayloads.TRACE_ID);
    assertThat(events.get(0).getSpanId()).isEqualTo("00000000000000a1");
    assertThat(events.get(1).getOperation()).isEqualTo("checkout");
    assertThat(events.get(1).getOutcome()).isEqualTo(Outcome.ERROR);
    assertThat(events.get(1).getLatencyMicros()).isEqualTo(7_500);
  }

  @Test
  void shouldRefuseSpansOfAServiceTheTokenIsNotIssuedFor() throws Exception {
    HttpResponse<byte[]> response =
        client.post(
            OtlpTraceEndpoint.PATH,
            TOKEN,
            "application/x-protobuf",
            OtlpPayloads.sample("inventory").toByteArray());
    assertThat(response.statusCode()).isEqualTo(403);
    assertThat(publisher.published).isEmpty();
  }

  @Test
  void shouldAnswer400ForABodyThatIsNotOtlp() throws Exception {
    HttpResponse<byte[]> protobuf =
        client.post(
            OtlpTraceEndpoint.PATH,
            TOKEN,
            "application/x-protobuf",
            new byte[] {(byte) 0xff, 1, 2});
    HttpResponse<byte[]> json =
        client.post(
            OtlpTraceEndpoint.PATH,
            TOKEN,
            "application/json",
            "{\"resourceSpans\": [{\"scopeSpans\": [{\"spans\": [{\"traceId\": \"xyz\"}]}]}]}"
                .getBytes(UTF_8));
    HttpResponse<byte[]> ndjson =
        client.post(OtlpTraceEndpoint.PATH, TOKEN, "application/x-ndjson", new byte[0]);

    assertThat(protobuf.statusCode()).isEqualTo(400);
    assertThat(json.statusCode()).isEqualTo(400);
    assertThat(new String(json.body(), UTF_8)).contains("traceId");
    assertThat(ndjson.statusCode()).isEqualTo(415);
  }

  @Test
  void shouldAnswer400ForASpanKindNamedUnrecognized() throws Exception {
    HttpResponse<byte[]> response =
        client.post(
            OtlpTraceEndpoint.PATH,
            TOKEN,
            "application/json",
            "{\"resourceSpans\": [{\"scopeSpans\": [{\"spans\": [{\"kind\": \"UNRECOGNIZED\"}]}]}]}"
                .getBytes(UTF_8));

    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(new String(response.body(), UTF_8)).contains("UNRECOGNIZED");
  }

  private static byte[] gzip(byte[] data) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream zip = new GZIPOutputStream(out)) {
      zip.write(data);
    }
    return out.toByteArray();
  }
}
