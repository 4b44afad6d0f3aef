package io.slipstream.processor.slo.engine;

import io.slipstream.avro.BadEventContributor;
import io.slipstream.avro.RequestEvent;
import io.slipstream.processor.slo.breakdown.BreakdownDimension;
import io.slipstream.processor.slo.breakdown.Contributor;
import io.slipstream.processor.slo.breakdown.DimensionTop;
import io.slipstream.processor.slo.breakdown.MinuteBreakdown;
import io.slipstream.processor.slo.breakdown.ValueShare;
import io.slipstream.processor.slo.breakdown.WindowBreakdown;
import io.slipstream.processor.store.LiveWindowStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Where each SLO's (and instance's) bad events come from, per evaluation slot: a {@link
 * MinuteBreakdown} per SLO and slot (the evaluation interval, 10 s by default) with bad events, in
 * a live window store written on commit. Slots, not minutes, so that an alert at a tick describes
 * exactly the events before the tick, whatever arrived after it. Only bad events are offered, so an
 * SLO that is not burning costs nothing here.
 */
final class BadEventBreakdowns {
  /** The contributors an alert names, before the top value of each single dimension. */
  static final int ALERT_CONTRIBUTORS = 3;

  private static final List<BreakdownDimension> SINGLE_DIMENSIONS =
      List.of(
          BreakdownDimension.OPERATION,
          BreakdownDimension.REGION,
          BreakdownDimension.ZONE,
          BreakdownDimension.INSTANCE,
          BreakdownDimension.STATUS,
          BreakdownDimension.OUTCOME);

  private final LiveWindowStore<String, MinuteBreakdown> store;
  private final long slotMs;

  /**
   * @param slotMs the store's window: the evaluation interval, a divisor of a minute
   */
  BadEventBreakdowns(LiveWindowStore<String, MinuteBreakdown> store, long slotMs) {
    this.store = store;
    this.slotMs = slotMs;
  }

  /** Counts one bad event of SLO (or instance) {@code id} at {@code time}. */
  void countBad(String id, long time, RequestEvent event) {
    long slot = Math.floorDiv(time, slotMs) * slotMs;
    store.getOrCreate(id, slot, MinuteBreakdown::new).value().offerBad(event);
  }

  /**
   * Lets the minutes before {@code time} leave memory at the next commit: they are closed, and a
   * late event or an alert reads them back from the store.
   */
  void evictBefore(long time) {
    store.evictWindowsBefore(Math.floorDiv(time, slotMs) * slotMs);
  }

  /**
   * The bad events of SLO (or instance) {@code id} in the slots of [from, to): exactly the events
   * of the range when both ends are slot boundaries (ticks are).
   */
  WindowBreakdown window(String id, long from, long to) {
    List<MinuteBreakdown> slots = new ArrayList<>();
    store.forEachWindow(
        id,
        Math.floorDiv(from, slotMs) * slotMs,
        Math.floorDiv(to - 1, slotMs) * slotMs,
        (start, slot) -> slots.add(slot));
    return WindowBreakdown.of(slots);
  }

  /**
   * What an alert says about a window's bad events: the top contributors, then the top value of
   * each single dimension.
   */
  static List<BadEventContributor> forAlert(WindowBreakdown window) {
    List<BadEventContributor> contributors = new ArrayList<>();
    if (window.totalBad() == 0) {
      return contributors;
    }
    for (ValueShare value :
        window.top(BreakdownDimension.CONTRIBUTOR, ALERT_CONTRIBUTORS).values()) {
      Contributor parts = Contributor.decode(value.value());
      contributors.add(
          record(BreakdownDimension.CONTRIBUTOR, value)
              .setOperation(parts.operation())
              .setRegion(parts.region())
              .setStatus(parts.status())
              .build());
    }
    for (BreakdownDimension dimension : SINGLE_DIMENSIONS) {
      DimensionTop top = window.top(dimension, 1);
      top.values().forEach(value -> contributors.add(record(dimension, value).build()));
    }
    return contributors;
  }

  /**
   * One line for humans: {@code 78 % of the bad requests in the last 5m are POST /checkout in
   * eu-west-1, status 503, e.g. trace 4bf9…}; empty without a contributor.
   */
  static String sentence(List<BadEventContributor> contributors, String window) {
    for (BadEventContributor top : contributors) {
      if (top.getDimension().equals(BreakdownDimension.CONTRIBUTOR.name())) {
        String example =
            top.getExemplarTraceIds().isEmpty()
                ? ""
                : ", e.g. trace " + top.getExemplarTraceIds().get(0);
        String region =
            top.getRegion().equals(BreakdownDimension.UNKNOWN) ? "" : " in " + top.getRegion();
        String status =
            top.getStatus().equals(BreakdownDimension.NO_STATUS)
                ? ""
                : ", status " + top.getStatus();
        return String.format(
            Locale.ROOT,
            "%.0f %% of the bad requests in the last %s are %s%s%s%s.",
            top.getShare() * 100,
            window,
            top.getOperation(),
            region,
            status,
            example);
      }
    }
    return "";
  }

  private static BadEventContributor.Builder record(
      BreakdownDimension dimension, ValueShare value) {
    return BadEventContributor.newBuilder()
        .setDimension(dimension.name())
        .setValue(value.value())
        .setBadEvents(value.count())
        .setShare(value.share())
        .setExemplarTraceIds(value.exemplars());
  }
}
