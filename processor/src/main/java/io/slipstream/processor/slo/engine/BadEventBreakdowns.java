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
 * Where each SLO's (and instance's) bad events come from, per minute: a {@link MinuteBreakdown} per
 * SLO and minute with bad events, in a live window store written on commit. Only bad events are
 * offered, so an SLO that is not burning costs nothing here.
 */
final class BadEventBreakdowns {
  /** The contributors an alert names, before the top value of each single dimension. */
  static final int ALERT_CONTRIBUTORS = 3;

  private static final long MINUTE_MS = SloRuntime.MINUTE_MS;
  private static final List<BreakdownDimension> SINGLE_DIMENSIONS =
      List.of(
          BreakdownDimension.OPERATION,
          BreakdownDimension.REGION,
          BreakdownDimension.ZONE,
          BreakdownDimension.INSTANCE,
          BreakdownDimension.STATUS,
          BreakdownDimension.OUTCOME);

  private final LiveWindowStore<String, MinuteBreakdown> store;

  BadEventBreakdowns(LiveWindowStore<String, MinuteBreakdown> store) {
    this.store = store;
  }

  /** Counts one bad event of SLO (or instance) {@code id} at {@code time}. */
  void countBad(String id, long time, RequestEvent event) {
    long minute = Math.floorDiv(time, MINUTE_MS) * MINUTE_MS;
    store.getOrCreate(id, minute, MinuteBreakdown::new).value().offerBad(event);
  }

  /**
   * Lets the minutes before {@code time} leave memory at the next commit: they are closed, and a
   * late event or an alert reads them back from the store.
   */
  void evictBefore(long time) {
    store.evictWindowsBefore(Math.floorDiv(time, MINUTE_MS) * MINUTE_MS);
  }

  /** The bad events of SLO (or instance) {@code id} in the minutes of [from, to). */
  WindowBreakdown window(String id, long from, long to) {
    List<MinuteBreakdown> minutes = new ArrayList<>();
    store.forEachWindow(
        id,
        Math.floorDiv(from, MINUTE_MS) * MINUTE_MS,
        Math.floorDiv(to - 1, MINUTE_MS) * MINUTE_MS,
        (start, minute) -> minutes.add(minute));
    return WindowBreakdown.of(minutes);
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
        return String.format(
            Locale.ROOT,
            "%.0f %% of the bad requests in the last %s are %s in %s, status %s%s.",
            top.getShare() * 100,
            window,
            top.getOperation(),
            top.getRegion(),
            top.getStatus(),
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
