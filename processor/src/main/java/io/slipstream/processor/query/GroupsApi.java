package io.slipstream.processor.query;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.http.Context;
import io.slipstream.processor.query.ApiViews.SloView;
import io.slipstream.processor.slo.engine.SloGroup;
import io.slipstream.processor.slo.engine.SloRegistry;
import io.slipstream.processor.slo.spec.SloDefinition;
import io.slipstream.processor.topology.StoreNames;
import java.io.IOException;
import java.util.List;
import java.util.function.BiConsumer;
import org.apache.kafka.streams.state.HostInfo;

/**
 * The resources of grouped SLOs' instances: the list, paged, and one instance in detail. Answered
 * by the instance that owns the SLO's service, where all of the SLO's instances live; the others
 * forward.
 */
final class GroupsApi {
  private final InstanceRouter router;
  private final GroupQueries groups;
  private final SloRegistry registry;
  private final BiConsumer<Context, HostInfo> forward;
  private final ObjectMapper json;
  private final QueryClock clock;

  GroupsApi(
      InstanceRouter router,
      GroupQueries groups,
      SloRegistry registry,
      BiConsumer<Context, HostInfo> forward,
      ObjectMapper json,
      QueryClock clock) {
    this.router = router;
    this.groups = groups;
    this.registry = registry;
    this.forward = forward;
    this.json = json;
    this.clock = clock;
  }

  /** {@code GET /api/v1/slos/{id}/groups[?sort=budget|key&state=firing&offset=0&limit=50]}. */
  void list(Context ctx) {
    SloDefinition parent = grouped(ctx.pathParam("id"));
    GroupsQuery query = GroupsQuery.parse(ctx::queryParam);
    InstanceRouter.Route route = router.route(StoreNames.SLO_STATUS, parent.service());
    if (route instanceof InstanceRouter.Route.Local here) {
      int partition = here.partition();
      write(ctx, query.answer(parent, groups.instances(parent, partition), clock.at(partition)));
    } else if (route instanceof InstanceRouter.Route.Remote there) {
      forward.accept(ctx, there.host());
    }
  }

  /** {@code GET /api/v1/slos/{id}/groups/{group}[?history=6h]}. */
  void one(Context ctx) {
    SloDefinition parent = grouped(ctx.pathParam("id"));
    SloGroup group = group(parent, ctx.pathParam("group"));
    long historyMs = QueryApi.historyMillis(ctx.queryParam("history"));
    InstanceRouter.Route route = router.route(StoreNames.SLO_STATUS, parent.service());
    if (route instanceof InstanceRouter.Route.Local here) {
      int partition = here.partition();
      SloView view = groups.instance(parent, group, partition, historyMs, clock.at(partition));
      if (view == null) {
        throw ApiException.notFound(
            "group",
            "SLO '"
                + parent.id()
                + "' has no instance "
                + group.key()
                + " (no event of that group, or none for its expiry time)");
      }
      write(ctx, view);
    } else if (route instanceof InstanceRouter.Route.Remote there) {
      forward.accept(ctx, there.host());
    }
  }

  /**
   * The instance {@code text} names: its key ({@code customer="acme"}, several keys joined by
   * commas in the SLO's order), {@code other}, or, for an SLO grouped by one key, the bare value
   * ({@code acme}). A value that is {@code other} or holds {@code ="} must be given as a key.
   *
   * @throws ApiException 400 when {@code text} is not a key of this SLO's labels
   */
  static SloGroup group(SloDefinition parent, String text) {
    List<String> labels = parent.grouping().labels();
    if (text.equals(SloGroup.OTHER)) {
      return SloGroup.other(parent.id(), labels);
    }
    if (text.contains("=\"")) {
      try {
        return SloGroup.ofKey(parent.id(), labels, text);
      } catch (IllegalArgumentException e) {
        throw ApiException.badParameter("group", e.getMessage());
      }
    }
    if (labels.size() == 1) {
      return new SloGroup(parent.id(), labels, List.of(text));
    }
    throw ApiException.badParameter(
        "group",
        "SLO '"
            + parent.id()
            + "' is grouped by "
            + String.join(", ", labels)
            + ": name an instance by its key, "
            + new SloGroup(parent.id(), labels, labels.stream().map(label -> "...").toList())
                .key());
  }

  /**
   * The grouped SLO {@code id}.
   *
   * @throws ApiException 404 for an unknown SLO, 400 for one that is not grouped
   */
  private SloDefinition grouped(String id) {
    SloDefinition definition = registry.byId(id);
    if (definition == null) {
      throw ApiException.notFound("id", "no SLO with id '" + id + "'");
    }
    if (!definition.isGrouped()) {
      throw ApiException.badParameter(
          "id", "SLO '" + id + "' is not grouped: it has no instances, ask /api/v1/slos/" + id);
    }
    return definition;
  }

  private void write(Context ctx, Object value) {
    try {
      ctx.status(200).contentType("application/json").result(json.writeValueAsString(value));
    } catch (IOException e) {
      throw new IllegalStateException("cannot write JSON", e);
    }
  }
}
