package io.slipstream.processor.query;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import io.slipstream.contracts.DurationText;
import io.slipstream.processor.slo.corrections.CorrectionRegistry;
import io.slipstream.processor.slo.corrections.SloCorrection;
import io.slipstream.processor.slo.documents.DocumentException;
import io.slipstream.processor.slo.engine.SloGroup;
import io.slipstream.processor.slo.engine.SloRegistry;
import io.slipstream.processor.slo.sla.SlaDefinition;
import io.slipstream.processor.slo.sla.SlaPeriods;
import io.slipstream.processor.slo.sla.SlaRegistry;
import io.slipstream.processor.slo.spec.CalendarPeriods;
import io.slipstream.processor.slo.spec.SloDefinition;
import io.slipstream.processor.topology.StoreNames;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.BiConsumer;
import org.apache.kafka.streams.state.HostInfo;

/**
 * The SLA resources. A report is computed by the instance that owns the SLO's service, from its
 * committed per-minute counts and incidents (other instances forward), for any period still within
 * the counts' retention.
 */
final class SlaApi {
  private final InstanceRouter router;
  private final LocalSlaQueries local;
  private final SloRegistry slos;
  private final SlaRegistry slas;
  private final CorrectionRegistry corrections;
  private final BiConsumer<Context, HostInfo> forward;
  private final ObjectMapper json;
  private final QueryClock clock;
  private final Duration retention;

  SlaApi(
      InstanceRouter router,
      LocalSlaQueries local,
      SloRegistry slos,
      SlaRegistry slas,
      CorrectionRegistry corrections,
      BiConsumer<Context, HostInfo> forward,
      ObjectMapper json,
      QueryClock clock,
      Duration retention) {
    this.router = router;
    this.local = local;
    this.slos = slos;
    this.slas = slas;
    this.corrections = corrections;
    this.forward = forward;
    this.json = json;
    this.clock = clock;
    this.retention = retention;
  }

  /** {@code GET /api/v1/slas}. */
  void list(Context ctx) {
    ArrayNode list = json.createArrayNode();
    for (SlaDefinition sla : slas.all()) {
      ObjectNode view = list.addObject();
      view.put("id", sla.id());
      view.put("slo", sla.sloId());
      view.put("period", sla.unit().name().toLowerCase(java.util.Locale.ROOT));
      view.put("timeZone", sla.zone().getId());
      view.put("objective", sla.objective());
      io.slipstream.processor.slo.sla.SlaDocument.credits(sla, view.putArray("credits"));
    }
    write(ctx, list);
  }

  /**
   * {@code GET /api/v1/slas/{id}/report[?period=current|previous|2026-11|2026-11-17][&group=]}. For
   * an SLA on a grouped SLO: one group's report with {@code group} (its key, {@code
   * customer="acme"}, or for one key its value), the fleet summary without.
   */
  void report(Context ctx) {
    String id = ctx.pathParam("id");
    SlaDefinition sla = slas.byId(id);
    if (sla == null) {
      throw ApiException.notFound("id", "no SLA with id '" + id + "'");
    }
    SloDefinition slo = slos.byId(sla.sloId());
    if (slo == null) {
      throw ApiException.notFound(
          "id", "SLA '" + id + "' is on SLO '" + sla.sloId() + "', which is not defined");
    }
    InstanceRouter.Route route = router.route(StoreNames.SLO_STATUS, slo.service());
    if (route instanceof InstanceRouter.Route.Remote there) {
      forward.accept(ctx, there.host());
      return;
    }
    int partition = ((InstanceRouter.Route.Local) route).partition();
    // "current" is the period holding the event time the SLO's partition has reached.
    long now = clock.at(partition).millis();
    long start;
    try {
      start = SlaPeriods.start(sla, ctx.queryParam("period"), now);
    } catch (DocumentException e) {
      throw ApiException.badParameter("period", e.getMessage());
    }
    if (start < now - retention.toMillis()) {
      throw ApiException.badParameter(
          "period",
          "the period starting "
              + Instant.ofEpochMilli(start)
              + " is older than the "
              + DurationText.format(retention)
              + " of counts kept; closed periods are on the sla-reports topic");
    }
    long end = CalendarPeriods.next(sla.unit(), sla.zone(), start);
    String group = ctx.queryParam("group");
    if (!slo.isGrouped()) {
      if (group != null) {
        throw ApiException.badParameter(
            "group", "SLA '" + id + "' is on SLO '" + slo.id() + "', which is not grouped");
      }
      write(ctx, local.report(sla, slo, corrections.forSlo(slo), start, end, now, partition));
      return;
    }
    List<SloCorrection> applying = corrections.forSlo(slo);
    if (group == null) {
      write(ctx, local.fleetReport(sla, slo, applying, start, end, now, partition));
      return;
    }
    SloGroup instance = GroupsApi.group(slo, group);
    if (!local.hasInstance(instance, partition)) {
      throw ApiException.notFound("group", "SLO '" + slo.id() + "' has no group " + instance.key());
    }
    write(
        ctx,
        local
            .report(sla, instance.instanceDefinition(slo), applying, start, end, now, partition)
            .forGroup(slo.id(), instance.key(), instance.asMap()));
  }

  private void write(Context ctx, Object value) {
    try {
      ctx.status(200).contentType("application/json").result(json.writeValueAsString(value));
    } catch (IOException e) {
      throw new IllegalStateException("cannot write JSON", e);
    }
  }
}
