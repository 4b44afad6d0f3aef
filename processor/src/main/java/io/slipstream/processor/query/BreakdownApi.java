package io.slipstream.processor.query;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.http.Context;
import io.slipstream.processor.slo.breakdown.ContributorShare;
import io.slipstream.processor.slo.breakdown.DimensionTop;
import io.slipstream.processor.slo.breakdown.MinuteBreakdown;
import io.slipstream.processor.slo.breakdown.WindowBreakdown;
import io.slipstream.processor.slo.engine.SloGroup;
import io.slipstream.processor.slo.engine.SloRegistry;
import io.slipstream.processor.slo.spec.SloDefinition;
import io.slipstream.processor.topology.StoreNames;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiConsumer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.state.HostInfo;
import org.apache.kafka.streams.state.WindowStoreIterator;

/**
 * {@code GET /api/v1/slos/{id}/breakdown?window=1h|from=&to=[&group=][&top=5]}: where an SLO's (or
 * one group's) bad events came from in a window, per dimension, with exact counts, shares and
 * exemplar trace ids; answered from the committed breakdowns of the partition owning the SLO.
 */
final class BreakdownApi {
  private static final long MINUTE_MS = 60_000;
  private static final int DEFAULT_TOP = 5;
  private static final int MAX_TOP = 64;

  private final KafkaStreams streams;
  private final InstanceRouter router;
  private final SloRegistry slos;
  private final BiConsumer<Context, HostInfo> forward;
  private final ObjectMapper json;
  private final QueryClock clock;
  private final Duration retention;

  BreakdownApi(
      KafkaStreams streams,
      InstanceRouter router,
      SloRegistry slos,
      BiConsumer<Context, HostInfo> forward,
      ObjectMapper json,
      QueryClock clock,
      Duration retention) {
    this.streams = streams;
    this.router = router;
    this.slos = slos;
    this.forward = forward;
    this.json = json;
    this.clock = clock;
    this.retention = retention;
  }

  /** The answer: the window, its bad events, the top contributor and each dimension's top. */
  record BreakdownView(
      String sloId,
      String groupKey,
      long from,
      long to,
      long badEvents,
      ContributorShare topContributor,
      List<DimensionTop> dimensions,
      long now,
      String nowSource) {}

  void breakdown(Context ctx) {
    String id = ctx.pathParam("id");
    SloDefinition slo = slos.byId(id);
    if (slo == null) {
      throw ApiException.notFound("id", "no SLO with id '" + id + "'");
    }
    int top = top(ctx.queryParam("top"));
    String groupText = ctx.queryParam("group");
    SloGroup group = null;
    if (groupText != null) {
      if (!slo.isGrouped()) {
        throw ApiException.badParameter("group", "SLO '" + id + "' is not grouped");
      }
      group = GroupsApi.group(slo, groupText);
    }
    InstanceRouter.Route route = router.route(StoreNames.SLO_STATUS, slo.service());
    if (route instanceof InstanceRouter.Route.Remote there) {
      forward.accept(ctx, there.host());
      return;
    }
    int partition = ((InstanceRouter.Route.Local) route).partition();
    QueryClock.Now now = clock.at(partition);
    TimeRange range = TimeRange.parse(ctx::queryParam, now.millis(), MINUTE_MS, retention, "1h");
    String key = group == null ? slo.id() : group.instanceId();
    WindowBreakdown window = WindowBreakdown.of(minutes(key, range, partition));
    write(
        ctx,
        new BreakdownView(
            slo.id(),
            group == null ? "" : group.key(),
            range.from(),
            range.to(),
            window.totalBad(),
            window.topContributor().orElse(null),
            window.top(top),
            now.millis(),
            now.source()));
  }

  /** The committed breakdowns of the slots in the whole minutes overlapping the range. */
  private List<MinuteBreakdown> minutes(String key, TimeRange range, int partition) {
    List<MinuteBreakdown> minutes = new ArrayList<>();
    for (io.slipstream.processor.store.LiveWindowStore<String, MinuteBreakdown> store :
        streams.store(
            StoreQueryParameters.fromNameAndType(
                    StoreNames.SLO_BREAKDOWN_MINUTES,
                    new LiveWindowStoreType<String, MinuteBreakdown>())
                .withPartition(partition))) {
      try (WindowStoreIterator<MinuteBreakdown> windows =
          store.fetchCommitted(
              key,
              Math.floorDiv(range.from(), MINUTE_MS) * MINUTE_MS,
              Math.floorDiv(range.to() - 1, MINUTE_MS) * MINUTE_MS + MINUTE_MS - 1)) {
        while (windows.hasNext()) {
          KeyValue<Long, MinuteBreakdown> minute = windows.next();
          minutes.add(minute.value);
        }
      }
    }
    return minutes;
  }

  private static int top(String text) {
    if (text == null) {
      return DEFAULT_TOP;
    }
    try {
      int top = Integer.parseInt(text);
      if (top >= 1 && top <= MAX_TOP) {
        return top;
      }
    } catch (NumberFormatException e) {
      // answered below
    }
    throw ApiException.badParameter("top", "top must be a whole number from 1 to " + MAX_TOP);
  }

  private void write(Context ctx, Object value) {
    try {
      ctx.status(200).contentType("application/json").result(json.writeValueAsString(value));
    } catch (IOException e) {
      throw new IllegalStateException("cannot write JSON", e);
    }
  }
}
