package io.slipstream.ingest.otlp;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.protobuf.InvalidProtocolBufferException;
import io.javalin.http.Context;
import io.opentelemetry.proto.collector.trace.v1.ExportTracePartialSuccess;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import io.slipstream.ingest.gateway.GatewayServer;
import io.slipstream.ingest.gateway.MalformedBodyException;
import io.slipstream.ingest.gateway.ParsedBatch;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * {@code POST /v1/traces}: OTLP/HTTP trace export, binary protobuf ({@code application/x-protobuf})
 * or JSON ({@code application/json}), gzip or not — what an OpenTelemetry Collector's {@code
 * otlphttp} exporter sends. SERVER spans become request events (see {@link SpanConverter}); the
 * answer is an {@code ExportTraceServiceResponse} in the request's encoding, 200 once Kafka
 * acknowledged the events, with {@code partial_success} counting rejected spans. Authentication and
 * the other checks are the gateway's (see {@link GatewayServer}).
 */
public final class OtlpTraceEndpoint {

  /** The OTLP/HTTP traces path. */
  public static final String PATH = "/v1/traces";

  static final String PROTOBUF = "application/x-protobuf";
  static final String JSON = "application/json";

  private OtlpTraceEndpoint() {}

  /** Adds the endpoint to {@code server} (before it starts). */
  public static void register(GatewayServer server) {
    ObjectMapper mapper = new ObjectMapper();
    server.ingest(
        PATH,
        Set.of(PROTOBUF, JSON),
        (mediaType, body) -> SpanConverter.convert(decode(mapper, mediaType, body)),
        (ctx, batch, mediaType) -> respond(mapper, ctx, batch, mediaType));
  }

  static ExportTraceServiceRequest decode(ObjectMapper mapper, String mediaType, byte[] body) {
    if (mediaType.equals(JSON)) {
      return OtlpJson.parse(mapper, body);
    }
    try {
      return ExportTraceServiceRequest.parseFrom(body);
    } catch (InvalidProtocolBufferException e) {
      throw new MalformedBodyException("body is not an OTLP ExportTraceServiceRequest");
    }
  }

  private static void respond(
      ObjectMapper mapper, Context ctx, ParsedBatch batch, String mediaType) {
    long rejected = batch.rejectedCount();
    String message =
        batch.errors().stream()
            .map(e -> "span " + e.index() + ": " + e.message())
            .distinct()
            .limit(10)
            .collect(Collectors.joining("; "));
    ctx.status(200).contentType(mediaType);
    if (mediaType.equals(JSON)) {
      Map<String, Object> body = new LinkedHashMap<>();
      if (rejected > 0) {
        body.put(
            "partialSuccess",
            Map.of("rejectedSpans", Long.toString(rejected), "errorMessage", message));
      }
      try {
        ctx.result(mapper.writeValueAsBytes(body));
      } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
        throw new IllegalStateException(e);
      }
      return;
    }
    ExportTraceServiceResponse.Builder response = ExportTraceServiceResponse.newBuilder();
    if (rejected > 0) {
      response.setPartialSuccess(
          ExportTracePartialSuccess.newBuilder()
              .setRejectedSpans(rejected)
              .setErrorMessage(message));
    }
    ctx.result(response.build().toByteArray());
  }
}
