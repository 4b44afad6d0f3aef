package io.slipstream.ingest.gateway;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.resilience4j.ratelimiter.RateLimiter;
import io.github.resilience4j.ratelimiter.RateLimiterConfig;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.slipstream.ingest.IngestEvent;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP gateway for services that do not use the Java client: {@code POST /v1/events} (JSON
 * array or NDJSON of request events and resource samples) and {@code GET /health}; further
 * endpoints (OTLP) register through {@link #ingest}.
 *
 * <p>Every request goes through the same checks, in this order, each answered with a JSON body
 * {@code {"error": ..., "message": ...}} and never a stack trace:
 *
 * <ol>
 *   <li>401 without a known bearer token ({@code WWW-Authenticate: Bearer});
 *   <li>429 with {@code Retry-After} when the token exceeded its requests per second;
 *   <li>415 for a content type the endpoint does not read;
 *   <li>413 for a body over the limit (after gzip inflation);
 *   <li>400 for a body that is not a batch at all;
 *   <li>403 when the batch holds events of a service the token is not issued for (nothing of the
 *       batch is written);
 *   <li>503 with {@code Retry-After} when Kafka did not acknowledge every event in time;
 *   <li>202 with counts once Kafka acknowledged every accepted event — or 400 with the same counts
 *       and an error per bad item and field when some items were invalid: the good ones were
 *       written all the same.
 * </ol>
 */
public final class GatewayServer implements AutoCloseable {

  /** Where JSON and NDJSON events are posted. */
  public static final String EVENTS_PATH = "/v1/events";

  /** The health check. */
  public static final String HEALTH_PATH = "/health";

  /** Prometheus metrics, text exposition format. */
  public static final String METRICS_PATH = "/metrics";

  static final String JSON = "application/json";
  static final Set<String> NDJSON = Set.of("application/x-ndjson", "application/ndjson");

  private static final Logger LOG = LoggerFactory.getLogger(GatewayServer.class);
  private static final String RETRY_AFTER_SECONDS = "5";

  private final GatewaySettings settings;
  private final ApiTokens tokens;
  private final EventPublisher publisher;
  private final ObjectMapper mapper = new ObjectMapper();
  private final EventJsonParser parser;
  private final Map<String, RateLimiter> rateLimiters = new ConcurrentHashMap<>();
  private final LongAdder acceptedEvents = new LongAdder();
  private final LongAdder rejectedItems = new LongAdder();
  private final Set<String> knownPaths = ConcurrentHashMap.newKeySet();
  private final Map<String, LongAdder> responses = new ConcurrentHashMap<>();
  private final Javalin app;

  /** Reads a batch out of a request body whose media type the endpoint accepted. */
  @FunctionalInterface
  public interface BatchReader {
    ParsedBatch read(String mediaType, byte[] body);
  }

  /** Writes the success (or partial success) answer of an endpoint. */
  @FunctionalInterface
  public interface Responder {
    void respond(Context ctx, ParsedBatch batch, String mediaType);
  }

  public GatewayServer(
      GatewaySettings settings, ApiTokens tokens, EventPublisher publisher, Clock clock) {
    this.settings = settings;
    this.tokens = tokens;
    this.publisher = publisher;
    this.parser = new EventJsonParser(mapper, clock);
    this.app =
        Javalin.create(
            config -> {
              config.showJavalinBanner = false;
              // Bodies are read as streams with our own limit (gzip included); this is a backstop.
              config.http.maxRequestSize = settings.maxBodyBytes();
            });
    app.get(HEALTH_PATH, ctx -> json(ctx, 200, Map.of("status", "up")));
    app.get(METRICS_PATH, this::metrics);
    app.after(this::countResponse);
    Set<String> eventTypes = new TreeSet<>(NDJSON);
    eventTypes.add(JSON);
    ingest(
        EVENTS_PATH,
        eventTypes,
        (mediaType, body) ->
            mediaType.equals(JSON) ? parser.parseJson(body) : parser.parseNdjson(body),
        this::respondWithCounts);
    app.exception(
        Exception.class,
        (e, ctx) -> {
          LOG.error("Unexpected failure serving {} {}", ctx.method(), ctx.path(), e);
          json(ctx, 500, error("internal", "internal error; see the gateway's log"));
        });
    app.error(404, ctx -> json(ctx, 404, error("not_found", "no such endpoint: " + ctx.path())));
  }

  /**
   * Registers a {@code POST} endpoint that runs the common checks (see the class doc), reads a
   * batch with {@code reader}, writes its events and answers with {@code responder}.
   */
  public GatewayServer ingest(
      String path, Set<String> mediaTypes, BatchReader reader, Responder responder) {
    app.post(path, ctx -> handle(ctx, mediaTypes, reader, responder));
    knownPaths.add(path);
    return this;
  }

  /** Starts serving; returns this. */
  public GatewayServer start() {
    app.start(settings.host(), settings.port());
    LOG.info("Slipstream gateway listening on {}:{}", settings.host(), app.port());
    return this;
  }

  /** Returns the port it listens on (after {@link #start()}). */
  public int port() {
    return app.port();
  }

  /** Returns how many events Kafka acknowledged through this gateway. */
  public long acceptedEvents() {
    return acceptedEvents.sum();
  }

  /** Returns how many items were rejected as invalid. */
  public long rejectedItems() {
    return rejectedItems.sum();
  }

  /** Stops serving and closes the publisher. */
  @Override
  public void close() {
    try {
      app.stop();
    } finally {
      publisher.close();
    }
  }

  private void handle(
      Context ctx, Set<String> mediaTypes, BatchReader reader, Responder responder) {
    Optional<ApiTokens.Grant> grant = tokens.authenticate(ctx.header("Authorization"));
    if (grant.isEmpty()) {
      ctx.header("WWW-Authenticate", "Bearer");
      json(
          ctx,
          401,
          error("unauthorized", "a valid API token is required (Authorization: Bearer <token>)"));
      return;
    }
    if (!withinRateLimit(grant.get())) {
      ctx.header("Retry-After", "1");
      json(ctx, 429, error("too_many_requests", "request rate limit of this token exceeded"));
      return;
    }
    String mediaType = RequestBodies.mediaType(ctx.header("Content-Type"));
    if (!mediaTypes.contains(mediaType)) {
      Map<String, Object> body =
          error("unsupported_media_type", "Content-Type '" + mediaType + "' is not accepted here");
      body.put("supported", List.copyOf(mediaTypes));
      json(ctx, 415, body);
      return;
    }
    ParsedBatch batch;
    try {
      byte[] bytes =
          RequestBodies.read(
              ctx.bodyInputStream(),
              ctx.req().getContentLengthLong(),
              ctx.header("Content-Encoding"),
              settings.maxBodyBytes());
      batch = reader.read(mediaType, bytes);
    } catch (PayloadTooLargeException e) {
      json(ctx, 413, error("payload_too_large", e.getMessage()));
      return;
    } catch (MalformedBodyException e) {
      json(ctx, 400, error("bad_request", e.getMessage()));
      return;
    }
    Set<String> forbidden = new TreeSet<>();
    for (IngestEvent event : batch.events()) {
      if (!grant.get().allows(event.service())) {
        forbidden.add(event.service());
      }
    }
    if (!forbidden.isEmpty()) {
      Map<String, Object> body =
          error("forbidden", "this token may not write events of " + forbidden);
      body.put("services", List.copyOf(forbidden));
      json(ctx, 403, body);
      return;
    }
    if (!publish(batch.events())) {
      ctx.header("Retry-After", RETRY_AFTER_SECONDS);
      json(
          ctx,
          503,
          error(
              "unavailable",
              "Kafka did not acknowledge the events; nothing is guaranteed written, retry"));
      return;
    }
    acceptedEvents.add(batch.events().size());
    rejectedItems.add(batch.rejectedCount());
    responder.respond(ctx, batch, mediaType);
  }

  private boolean publish(List<IngestEvent> events) {
    if (events.isEmpty()) {
      return true;
    }
    try {
      publisher.publish(events).get(settings.publishTimeout().toMillis(), TimeUnit.MILLISECONDS);
      return true;
    } catch (ExecutionException e) {
      LOG.warn("Publishing {} events failed: {}", events.size(), e.getCause().toString());
      return false;
    } catch (TimeoutException e) {
      LOG.warn(
          "Kafka did not acknowledge {} events within {}",
          events.size(),
          settings.publishTimeout());
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  private boolean withinRateLimit(ApiTokens.Grant grant) {
    int limit = settings.requestsPerSecondPerToken();
    if (limit == 0) {
      return true;
    }
    RateLimiter limiter =
        rateLimiters.computeIfAbsent(
            grant.name(),
            name ->
                RateLimiter.of(
                    "gateway-" + name,
                    RateLimiterConfig.custom()
                        .limitForPeriod(limit)
                        .limitRefreshPeriod(Duration.ofSeconds(1))
                        .timeoutDuration(Duration.ZERO)
                        .build()));
    return limiter.acquirePermission();
  }

  private void countResponse(Context ctx) {
    // Only registered ingest paths become labels: probes of random URLs must not add series.
    String path = knownPaths.contains(ctx.path()) ? ctx.path() : "other";
    responses
        .computeIfAbsent(path + "\u0000" + ctx.statusCode(), key -> new LongAdder())
        .increment();
  }

  private void metrics(Context ctx) {
    StringBuilder text = new StringBuilder();
    counter(
        text,
        "slipstream_gateway_events_accepted_total",
        "Events Kafka acknowledged through the gateway.",
        acceptedEvents.sum());
    counter(
        text,
        "slipstream_gateway_items_rejected_total",
        "Batch items rejected as invalid.",
        rejectedItems.sum());
    text.append(
        "# HELP slipstream_gateway_responses_total Answers to ingest requests by path and status.\n");
    text.append("# TYPE slipstream_gateway_responses_total counter\n");
    new java.util.TreeMap<>(responses)
        .forEach(
            (key, count) -> {
              String[] parts = key.split("\u0000");
              text.append("slipstream_gateway_responses_total{path=\"")
                  .append(parts[0])
                  .append("\",status=\"")
                  .append(parts[1])
                  .append("\"} ")
                  .append(count.sum())
                  .append('\n');
            });
    ctx.status(200).contentType("text/plain; version=0.0.4; charset=utf-8").result(text.toString());
  }

  private static void counter(StringBuilder text, String name, String help, long value) {
    text.append("# HELP ").append(name).append(' ').append(help).append('\n');
    text.append("# TYPE ").append(name).append(" counter\n");
    text.append(name).append(' ').append(value).append('\n');
  }

  private void respondWithCounts(Context ctx, ParsedBatch batch, String mediaType) {
    long requests =
        batch.events().stream().filter(e -> e.kind() == IngestEvent.Kind.REQUEST_EVENT).count();
    Map<String, Object> accepted = new LinkedHashMap<>();
    accepted.put("requestEvents", requests);
    accepted.put("resourceSamples", batch.events().size() - requests);
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("accepted", accepted);
    body.put("rejected", batch.rejectedCount());
    if (!batch.errors().isEmpty()) {
      List<Map<String, Object>> errors = new ArrayList<>();
      for (ItemError item : batch.errors()) {
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("index", item.index());
        entry.put("field", item.field());
        entry.put("message", item.message());
        errors.add(entry);
      }
      body.put("errors", errors);
    }
    json(ctx, batch.errors().isEmpty() ? 202 : 400, body);
  }

  static Map<String, Object> error(String code, String message) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("error", code);
    body.put("message", message);
    return body;
  }

  private void json(Context ctx, int status, Object body) {
    try {
      ctx.status(status).contentType(JSON).result(mapper.writeValueAsBytes(body));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write a JSON answer", e);
    }
  }
}
