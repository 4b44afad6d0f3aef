package io.slipstream.processor.query;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.javalin.http.staticfiles.Location;
import io.slipstream.processor.health.HealthChecks;
import io.slipstream.processor.prometheus.SlipstreamMetrics;
import io.slipstream.processor.query.ApiViews.ErrorView;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Objects;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The processor's HTTP server: the query API under {@code /api/v1}, its OpenAPI document at {@code
 * /api/v1/openapi.json}, probes under {@code /health}, Prometheus metrics at {@code /metrics} and
 * the dashboard at {@code /dashboard/}.
 *
 * <p>It starts before the Kafka Streams client (whose {@code application.server} must name the port
 * it got) and answers 503 until {@link #attach} hands it the running processor.
 *
 * <p>Errors: 4xx and 5xx answers carry {@code {"error", "parameter", "message"}}, never a stack
 * trace. With a token configured, {@code /api/*} (but the OpenAPI document) and {@code /internal/*}
 * require {@code Authorization: Bearer <token>}: 401 without it, 403 with another token.
 */
public final class QueryServer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(QueryServer.class);

  /**
   * The largest request body accepted: 64 KiB. The API only reads (every endpoint is a GET), so a
   * body is never needed; the bound keeps a client from making the server buffer one.
   */
  public static final int MAX_REQUEST_BODY_BYTES = 64 * 1024;

  private final Javalin app;
  private final ObjectMapper json = new ObjectMapper();

  /** SHA-256 of the bearer token, or null when none is required. */
  private final byte[] token;

  private volatile QueryApi api;
  private volatile CorrectionsApi correctionsApi;
  private volatile SlaApi slaApi;
  private volatile BreakdownApi breakdownApi;
  private volatile GroupsApi groupsApi;
  private volatile KafkaStreams streams;
  private volatile SlipstreamMetrics metrics;
  private final HealthChecks health = new HealthChecks(() -> streams);

  private QueryServer(String token) {
    this.token = token == null || token.isEmpty() ? null : sha256(token);
    this.app =
        Javalin.create(
            config -> {
              config.showJavalinBanner = false;
              config.http.maxRequestSize = MAX_REQUEST_BODY_BYTES;
              config.staticFiles.add(
                  files -> {
                    files.hostedPath = "/dashboard";
                    files.directory = "/dashboard";
                    files.location = Location.CLASSPATH;
                  });
            });
    routes();
  }

  /**
   * Starts listening.
   *
   * @param host the address to bind, e.g. 0.0.0.0
   * @param port the port; 0 picks a free one (see {@link #port()})
   * @param token the bearer token the API requires, or null/empty for none
   */
  public static QueryServer start(String host, int port, String token) {
    QueryServer server = new QueryServer(token);
    server.app.start(host, port);
    LOG.info("query API listening on {}:{}", host, server.port());
    return server;
  }

  /** Starts answering questions from {@code streams} (created, not necessarily started yet). */
  public void attach(
      KafkaStreams client,
      org.apache.kafka.streams.state.HostInfo self,
      io.slipstream.processor.slo.engine.SloRegistry registry,
      io.slipstream.processor.metrics.RejectionCounts rejections,
      QuerySettings settings,
      io.slipstream.processor.slo.corrections.CorrectionRegistry corrections,
      java.util.function.Supplier<io.slipstream.processor.slo.corrections.CorrectionPublisher>
          correctionPublisher,
      io.slipstream.processor.slo.sla.SlaRegistry slas,
      java.time.Duration countsRetention) {
    Objects.requireNonNull(client, "client");
    this.metrics = new SlipstreamMetrics(client, rejections);
    this.correctionsApi =
        new CorrectionsApi(
            registry, corrections, correctionPublisher, json, System::currentTimeMillis);
    QueryApi queries =
        new QueryApi(
            client, self, registry, corrections, settings, json, System::currentTimeMillis);
    this.slaApi =
        new SlaApi(
            queries.router(),
            new LocalSlaQueries(client),
            registry,
            slas,
            corrections,
            queries::forward,
            json,
            queries.clock(),
            countsRetention);
    this.breakdownApi =
        new BreakdownApi(
            client,
            queries.router(),
            registry,
            queries::forward,
            json,
            queries.clock(),
            countsRetention);
    this.groupsApi =
        new GroupsApi(
            queries.router(), queries.groups(), registry, queries::forward, json, queries.clock());
    this.api = queries;
    this.streams = client;
  }

  /** The probes, e.g. to be told of state changes by the client's state listener. */
  public HealthChecks health() {
    return health;
  }

  public int port() {
    return app.port();
  }

  private void routes() {
    app.before(QueryServer::limitBodySize);
    app.before("/api/*", this::authorize);
    app.before("/internal/*", this::authorize);
    app.get("/api/v1/openapi.json", this::openApi);
    app.get("/api/v1/slos", ctx -> api().listSlos(ctx));
    app.get("/api/v1/slos/{id}", ctx -> api().slo(ctx));
    app.get("/api/v1/slos/{id}/groups", ctx -> groups().list(ctx));
    app.get("/api/v1/slos/{id}/groups/{group}", ctx -> groups().one(ctx));
    app.get("/api/v1/services", ctx -> api().services(ctx));
    app.get("/api/v1/services/{service}/sli", ctx -> api().sli(ctx));
    app.get("/api/v1/services/{service}/series", ctx -> api().series(ctx));
    app.get("/internal/v1/slos", ctx -> api().ownedSlos(ctx));
    app.get("/api/v1/slos/{id}/breakdown", ctx -> breakdowns().breakdown(ctx));
    app.get("/api/v1/slas", ctx -> slas().list(ctx));
    app.get("/api/v1/slas/{id}/report", ctx -> slas().report(ctx));
    app.get("/api/v1/corrections", ctx -> corrections().list(ctx));
    app.post("/api/v1/corrections", ctx -> corrections().file(ctx));
    app.get("/api/v1/corrections/{id}", ctx -> corrections().get(ctx));
    app.delete("/api/v1/corrections/{id}", ctx -> corrections().delete(ctx));
    app.get("/health/live", probe(health::live));
    app.get("/health/ready", probe(health::ready));
    app.get("/health/startup", probe(health::startup));
    app.get("/metrics", this::metrics);
    app.get("/", ctx -> ctx.redirect("/dashboard/"));

    app.exception(
        ApiException.class,
        (e, ctx) -> {
          if (e.retryAfterSeconds() != null) {
            ctx.header("Retry-After", Integer.toString(e.retryAfterSeconds()));
          }
          error(ctx, e.status(), e.code(), e.parameter(), e.getMessage());
        });
    app.exception(
        InvalidStateStoreException.class,
        (e, ctx) -> {
          // A store closed or moved under the query: a rebalance. Ask again, never a partial
          // answer.
          ctx.header("Retry-After", "2");
          error(ctx, 503, "unavailable", null, "state is moving between instances; try again");
        });
    app.exception(
        Exception.class,
        (e, ctx) -> {
          LOG.error("unexpected failure serving {} {}", ctx.method(), ctx.path(), e);
          error(ctx, 500, "internal", null, "internal error; see the processor's log");
        });
    app.error(
        404,
        ctx -> {
          if (!isJson(ctx)) {
            error(ctx, 404, "not_found", null, "no such endpoint: " + ctx.path());
          }
        });
    app.error(
        405,
        ctx -> {
          if (!isJson(ctx)) {
            error(ctx, 405, "method_not_allowed", null, ctx.method() + " is not allowed here");
          }
        });
  }

  /** Whether the answer is already ours (a JSON error, or an owner's answer passed through). */
  private static boolean isJson(Context ctx) {
    String type = ctx.res().getContentType();
    return type != null && type.startsWith("application/json");
  }

  private QueryApi api() {
    QueryApi current = api;
    if (current == null) {
      throw ApiException.unavailable("the processor is starting");
    }
    return current;
  }

  private static void limitBodySize(Context ctx) {
    if (ctx.req().getContentLengthLong() > MAX_REQUEST_BODY_BYTES) {
      throw ApiException.payloadTooLarge(
          "request bodies are limited to " + MAX_REQUEST_BODY_BYTES + " bytes");
    }
  }

  private BreakdownApi breakdowns() {
    BreakdownApi current = breakdownApi;
    if (current == null) {
      throw ApiException.unavailable("the processor is starting");
    }
    return current;
  }

  private SlaApi slas() {
    SlaApi current = slaApi;
    if (current == null) {
      throw ApiException.unavailable("the processor is starting");
    }
    return current;
  }

  private GroupsApi groups() {
    GroupsApi current = groupsApi;
    if (current == null) {
      throw ApiException.unavailable("the processor is starting");
    }
    return current;
  }

  private CorrectionsApi corrections() {
    CorrectionsApi current = correctionsApi;
    if (current == null) {
      throw ApiException.unavailable("the processor is starting");
    }
    return current;
  }

  private void authorize(Context ctx) {
    if (token == null || ctx.path().equals("/api/v1/openapi.json")) {
      return;
    }
    String header = ctx.header("Authorization");
    if (header == null || !header.startsWith("Bearer ")) {
      ctx.header("WWW-Authenticate", "Bearer");
      throw ApiException.unauthorized("a bearer token is required (Authorization: Bearer <token>)");
    }
    byte[] given = sha256(header.substring("Bearer ".length()).trim());
    // Digests of equal length compared in constant time: neither the token's bytes nor its length
    // show in the time a wrong guess takes.
    if (!MessageDigest.isEqual(given, token)) {
      throw ApiException.forbidden("the bearer token is not valid");
    }
  }

  private static byte[] sha256(String text) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
    }
  }

  private void openApi(Context ctx) throws IOException {
    try (InputStream document = QueryServer.class.getResourceAsStream("openapi.json")) {
      if (document == null) {
        throw new IllegalStateException("openapi.json missing from the classpath");
      }
      ctx.contentType("application/json").result(document.readAllBytes());
    }
  }

  private void metrics(Context ctx) {
    SlipstreamMetrics current = metrics;
    if (current == null) {
      throw ApiException.unavailable("the processor is starting");
    }
    ctx.contentType("text/plain; version=0.0.4; charset=utf-8").result(current.scrape());
  }

  private Handler probe(java.util.function.Supplier<HealthChecks.Result> check) {
    return ctx -> {
      HealthChecks.Result result = check.get();
      ctx.status(result.up() ? 200 : 503)
          .contentType("application/json")
          .result(json.writeValueAsString(result));
    };
  }

  private void error(Context ctx, int status, String code, String parameter, String message) {
    try {
      ctx.status(status)
          .contentType("application/json")
          .result(json.writeValueAsString(new ErrorView(code, parameter, message)));
    } catch (IOException e) {
      ctx.status(status).result("{\"error\":\"" + code + "\"}");
    }
  }

  /** Stops listening; the processor is closed by its owner. */
  @Override
  public void close() {
    app.stop();
    SlipstreamMetrics current = metrics;
    if (current != null) {
      current.close();
    }
  }
}
