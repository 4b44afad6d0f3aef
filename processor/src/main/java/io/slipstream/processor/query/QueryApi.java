package io.slipstream.processor.query;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.http.Context;
import io.slipstream.contracts.DurationText;
import io.slipstream.processor.query.ApiViews.SloView;
import io.slipstream.processor.slo.engine.SloRegistry;
import io.slipstream.processor.slo.spec.SloDefinition;
import io.slipstream.processor.topology.StoreNames;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.LongSupplier;
import java.util.stream.Collectors;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.state.HostInfo;

/**
 * The query resources: each question is answered here when this instance owns the service, or
 * forwarded to the owner; list questions ask every owner and merge, or fail whole with 503.
 */
final class QueryApi {
  /** Longest SLO history answered. */
  static final Duration MAX_HISTORY = Duration.ofDays(1);

  private final InstanceRouter router;
  private final LocalQueries local;
  private final GroupQueries groups;
  private final SloRegistry registry;
  private final Forwarder forwarder;
  private final ObjectMapper json;
  private final long bucketMs;
  private final Duration maxRange;
  private final Duration dataRetention;
  private final QueryClock clock;

  QueryApi(
      KafkaStreams streams,
      HostInfo self,
      SloRegistry registry,
      io.slipstream.processor.slo.corrections.CorrectionRegistry corrections,
      QuerySettings settings,
      ObjectMapper json,
      LongSupplier clock) {
    this.router = new InstanceRouter(streams, self);
    PartitionStores stores = PartitionStores.of(streams);
    this.local = new LocalQueries(stores, settings.bucketMs(), corrections);
    this.groups = new GroupQueries(stores, local);
    this.registry = registry;
    this.forwarder = new Forwarder(settings.forwardTimeout());
    this.json = json;
    this.bucketMs = settings.bucketMs();
    this.maxRange = settings.maxRange();
    this.dataRetention = settings.dataRetention();
    this.clock = new QueryClock(stores, clock);
  }

  /** {@code GET /api/v1/slos[?sort=budget|id]}. */
  void listSlos(Context ctx) {
    String sort = ctx.queryParam("sort");
    Comparator<SloView> order;
    if (sort == null || sort.equals("id")) {
      order = Comparator.comparing(SloView::id);
    } else if (sort.equals("budget")) {
      // Least budget left first (a grouped SLO's least is its worst instance's); SLOs not
      // evaluated yet last.
      order = Comparator.comparingDouble(QueryApi::budgetLeft).thenComparing(SloView::id);
    } else {
      throw ApiException.badParameter("sort", "unknown sort '" + sort + "'; expected budget or id");
    }
    router.requireRunning();
    List<SloView> views = new ArrayList<>();
    Map<HostInfo, List<String>> remote = new LinkedHashMap<>();
    for (SloDefinition definition : registry.all()) {
      InstanceRouter.Route route = router.route(StoreNames.SLO_STATUS, definition.service());
      if (route instanceof InstanceRouter.Route.Local here) {
        views.add(view(definition, here.partition(), 0));
      } else if (route instanceof InstanceRouter.Route.Remote there) {
        remote.computeIfAbsent(there.host(), host -> new ArrayList<>()).add(definition.id());
      }
    }
    for (Map.Entry<HostInfo, List<String>> entry : remote.entrySet()) {
      String query =
          entry.getValue().stream()
              .map(id -> "id=" + URLEncoder.encode(id, StandardCharsets.UTF_8))
              .collect(Collectors.joining("&"));
      Forwarder.Answer answer =
          forwarder.get(entry.getKey(), "/internal/v1/slos?" + query, ctx.header("Authorization"));
      if (answer.status() != 200) {
        throw ApiException.unavailable(
            "instance "
                + entry.getKey().host()
                + ":"
                + entry.getKey().port()
                + " answered "
                + answer.status());
      }
      List<SloView> theirs = read(answer.body(), new TypeReference<List<SloView>>() {});
      Set<String> answered = theirs.stream().map(SloView::id).collect(Collectors.toSet());
      if (!answered.containsAll(entry.getValue())) {
        throw ApiException.unavailable("an instance answered for only some of its SLOs");
      }
      views.addAll(theirs);
    }
    views.sort(order);
    write(ctx, views);
  }

  /**
   * {@code GET /internal/v1/slos?id=...}: the SLOs this instance owns, for another instance's list.
   * 503 if any of them is not owned here any more.
   */
  void ownedSlos(Context ctx) {
    router.requireRunning();
    List<SloView> views = new ArrayList<>();
    for (String id : ctx.queryParams("id")) {
      SloDefinition definition = registry.byId(id);
      if (definition == null) {
        throw ApiException.unavailable("SLO '" + id + "' is not known here yet");
      }
      if (!(router.route(StoreNames.SLO_STATUS, definition.service())
          instanceof InstanceRouter.Route.Local here)) {
        throw ApiException.unavailable("SLO '" + id + "' is no longer owned here");
      }
      views.add(view(definition, here.partition(), 0));
    }
    write(ctx, views);
  }

  /** {@code GET /api/v1/slos/{id}[?history=6h]}. */
  void slo(Context ctx) {
    String id = ctx.pathParam("id");
    long historyMs = historyMillis(ctx.queryParam("history"));
    SloDefinition definition = registry.byId(id);
    if (definition == null) {
      throw ApiException.notFound("id", "no SLO with id '" + id + "'");
    }
    InstanceRouter.Route route = router.route(StoreNames.SLO_STATUS, definition.service());
    if (route instanceof InstanceRouter.Route.Local here) {
      write(ctx, view(definition, here.partition(), historyMs));
    } else if (route instanceof InstanceRouter.Route.Remote there) {
      forward(ctx, there.host());
    }
  }

  /**
   * The span of history asked for with {@code history} (e.g. {@code 6h}), in ms; 0 without one.
   *
   * @throws ApiException 400 unless whole minutes, at most {@link #MAX_HISTORY}
   */
  static long historyMillis(String text) {
    if (text == null) {
      return 0;
    }
    long historyMs = duration("history", text).toMillis();
    if (historyMs % 60_000 != 0 || historyMs > MAX_HISTORY.toMillis()) {
      throw ApiException.badParameter(
          "history", "history must be whole minutes, at most " + DurationText.format(MAX_HISTORY));
    }
    return historyMs;
  }

  /**
   * An SLO as this instance's stores have it. A grouped SLO's figures are per instance: it gets its
   * instances in brief instead of a status, and no history (its instances have one).
   */
  private SloView view(SloDefinition definition, int partition, long historyMs) {
    QueryClock.Now now = clock.at(partition);
    if (definition.isGrouped()) {
      return groups.summarized(local.slo(definition, partition, 0, now), definition, partition);
    }
    return local.slo(definition, partition, historyMs, now);
  }

  /** {@code GET /api/v1/services}: the services with SLOs. */
  void services(Context ctx) {
    TreeSet<String> services = new TreeSet<>();
    registry.all().forEach(definition -> services.add(definition.service()));
    write(ctx, List.copyOf(services));
  }

  /** {@code GET /api/v1/services/{service}/sli?window=1h|from=&to=[&operation=]}. */
  void sli(Context ctx) {
    String service = ctx.pathParam("service");
    String operation = operation(ctx);
    InstanceRouter.Route route = router.route(StoreNames.SLI_BUCKETS, service);
    if (route instanceof InstanceRouter.Route.Local here) {
      // The range ends at the event time of the data asked about, known only to its owner.
      QueryClock.Now now = clock.at(here.partition());
      TimeRange range = TimeRange.parse(ctx::queryParam, now.millis(), bucketMs, maxRange, "5m");
      requireKnown(service, here.partition(), now.millis());
      write(ctx, local.sli(service, operation, range, here.partition(), now));
    } else if (route instanceof InstanceRouter.Route.Remote there) {
      forward(ctx, there.host());
    }
  }

  /** {@code GET /api/v1/services/{service}/series?window=1h&step=1m[&operation=]}. */
  void series(Context ctx) {
    String service = ctx.pathParam("service");
    String operation = operation(ctx);
    InstanceRouter.Route route = router.route(StoreNames.SLI_BUCKETS, service);
    if (route instanceof InstanceRouter.Route.Local here) {
      QueryClock.Now now = clock.at(here.partition());
      TimeRange range = TimeRange.parse(ctx::queryParam, now.millis(), bucketMs, maxRange, "1h");
      String stepText = ctx.queryParam("step");
      long step = range.step(stepText == null ? "1m" : stepText, bucketMs);
      requireKnown(service, here.partition(), now.millis());
      write(ctx, local.series(service, operation, range, step, here.partition(), now));
    } else if (route instanceof InstanceRouter.Route.Remote there) {
      forward(ctx, there.host());
    }
  }

  private static double budgetLeft(SloView view) {
    if (view.status() != null) {
      return view.status().errorBudgetRemaining();
    }
    if (view.groups() != null && !view.groups().worst().isEmpty()) {
      return view.groups().worst().get(0).errorBudgetRemaining();
    }
    return Double.POSITIVE_INFINITY;
  }

  private static String operation(Context ctx) {
    String operation = ctx.queryParam("operation");
    if (operation != null && operation.isBlank()) {
      throw ApiException.badParameter("operation", "operation must not be empty");
    }
    return operation;
  }

  private void requireKnown(String service, int partition, long now) {
    if (registry.forService(service).isEmpty()
        && !local.hasData(service, partition, now, dataRetention)) {
      throw ApiException.notFound(
          "service",
          "no service '"
              + service
              + "': no SLO names it and no request was recorded in the last "
              + DurationText.format(dataRetention));
    }
  }

  /** The event-time now of each partition; shared with the other resources. */
  QueryClock clock() {
    return clock;
  }

  /** The instances of grouped SLOs; shared with their resource. */
  GroupQueries groups() {
    return groups;
  }

  /** Which instance owns what; shared with the other resources. */
  InstanceRouter router() {
    return router;
  }

  /** Answers with the owner's answer to the same request. */
  void forward(Context ctx, HostInfo owner) {
    if (ctx.header(Forwarder.FORWARDED_HEADER) != null) {
      // The sender thought this instance owned the key: ownership is moving. Do not ping-pong.
      throw ApiException.unavailable("ownership of this key is moving between instances");
    }
    String query = ctx.queryString();
    Forwarder.Answer answer =
        forwarder.get(
            owner, ctx.path() + (query == null ? "" : "?" + query), ctx.header("Authorization"));
    if (answer.retryAfter() != null) {
      ctx.header("Retry-After", answer.retryAfter());
    }
    ctx.status(answer.status()).contentType(answer.contentType()).result(answer.body());
  }

  private static Duration duration(String name, String text) {
    try {
      return DurationText.parse(text);
    } catch (IllegalArgumentException e) {
      throw ApiException.badParameter(name, "unknown " + name + ": " + e.getMessage());
    }
  }

  private <T> T read(String body, TypeReference<T> type) {
    try {
      return json.readValue(body, type);
    } catch (IOException e) {
      throw ApiException.unavailable(
          "another instance answered unreadable JSON: " + e.getMessage());
    }
  }

  private void write(Context ctx, Object value) {
    try {
      ctx.status(200).contentType("application/json").result(json.writeValueAsString(value));
    } catch (IOException e) {
      throw new IllegalStateException("cannot write JSON", e);
    }
  }
}
