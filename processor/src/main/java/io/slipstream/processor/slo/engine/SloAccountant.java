package io.slipstream.processor.slo.engine;

import io.slipstream.avro.RequestEvent;
import io.slipstream.avro.ResourceSample;
import io.slipstream.processor.slo.breakdown.MinuteBreakdown;
import io.slipstream.processor.slo.corrections.AppliedCorrections;
import io.slipstream.processor.slo.corrections.CorrectionRegistry;
import io.slipstream.processor.slo.corrections.SloCorrection;
import io.slipstream.processor.slo.spec.SloDefinition;
import io.slipstream.processor.slo.spec.SloDefinition.Budgeting;
import io.slipstream.processor.slo.spec.SloDefinition.SliceCondition;
import io.slipstream.processor.store.LiveWindowStore;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The SLO engine of one task: counts good and total events of every SLO of the task's services per
 * minute (and per hour for the period), keeps every window's sum incrementally, and on each
 * evaluation publishes burn rates and the budget, and alert transitions.
 *
 * <p>Stores are the truth: per-minute counts for the windows and for the period in live window
 * stores (written through on commit, with the input offsets) and alert states in a key-value store.
 * The in-memory sums are rebuilt from them after a restart or a change of definition.
 */
public final class SloAccountant {
  static final long MINUTE_MS = SloRuntime.MINUTE_MS;
  static final long HOUR_MS = PeriodCounter.HOUR_MS;

  private final SloRegistry registry;
  private final long graceMs;
  private final long tickMs;
  private final long minuteRetentionMs;
  private final LiveWindowStore<String, SloCounts> minuteStore;
  private final LiveWindowStore<String, MinuteCounts> periodMinuteStore;
  private final CorrectionRegistry corrections;
  private final SlaBookkeeping slas;
  private final SloAlerting alerting;
  private final BadEventBreakdowns breakdowns;
  private final KeyValueStore<String, Long> coverageStore;
  private final RetainedRequests retained;
  private final SloOutput output;
  private final InstanceSchedule schedule;

  /** The SLOs that are not grouped, by id: evaluated at every tick. */
  private final Map<String, SloRuntime> sloRuntimes = new HashMap<>();

  /**
   * The instances of grouped SLOs, by instance id: evaluated at the ticks their schedule says
   * ({@link InstanceSchedule}), so that a tick costs what the due instances cost, not what all do.
   */
  private final Map<String, SloRuntime> instanceRuntimes = new HashMap<>();

  /** The instances of each grouped SLO, by the SLO's id. */
  private final Map<String, GroupInstances> groups = new HashMap<>();

  /** The corrections registry's version the runtimes apply; -1 before the first look. */
  private long correctionsVersion = -1;

  /** The tick of the last evaluation, or Long.MIN_VALUE before the first. */
  private long lastTick = Long.MIN_VALUE;

  /**
   * @param periodMinuteStore per-minute counts for the whole period (window = hour), so corrections
   *     apply exactly however far back in the period they reach
   * @param corrections the corrections in force; a change is applied at the next evaluation by
   *     rebuilding the affected SLOs' accounting from the stores
   * @param tickMs the evaluation interval: evaluations fall on its multiples, and each counts
   *     exactly the events before its tick
   * @param minuteRetentionMs how long {@code minuteStore} keeps a minute: older late events are
   *     counted in the period only
   * @param coverageStore per SLO, from when its figures hold every event ({@code Long.MIN_VALUE}:
   *     nothing known to be missing); an SLO without an entry is new to this task
   * @param retained the SLI aggregates a new SLO starts from where they answer its indicator
   */
  public SloAccountant(
      SloRegistry registry,
      CorrectionRegistry corrections,
      long graceMs,
      long tickMs,
      long minuteRetentionMs,
      LiveWindowStore<String, SloCounts> minuteStore,
      LiveWindowStore<String, MinuteCounts> periodMinuteStore,
      KeyValueStore<String, AlertStatus> alertStore,
      KeyValueStore<String, Long> coverageStore,
      LiveWindowStore<String, MinuteBreakdown> breakdownStore,
      RetainedRequests retained,
      SlaBookkeeping slas,
      SloOutput output) {
    this.registry = registry;
    this.slas = slas;
    this.corrections = corrections;
    this.graceMs = graceMs;
    this.tickMs = tickMs;
    this.minuteRetentionMs = minuteRetentionMs;
    this.minuteStore = minuteStore;
    this.periodMinuteStore = periodMinuteStore;
    this.breakdowns =
        new BadEventBreakdowns(breakdownStore, Math.min(tickMs, SloRuntime.MINUTE_MS));
    this.alerting = new SloAlerting(alertStore, slas, output, breakdowns);
    this.schedule = new InstanceSchedule(registry, slas, alerting, graceMs, tickMs, this::groupsOf);
    this.coverageStore = coverageStore;
    this.retained = retained;
    this.output = output;
  }

  /**
   * Rebuilds the accounting of every SLO with stored counts, after a (re)start at {@code
   * watermark}: the last tick evaluated is the last one at or before it. {@code Long.MIN_VALUE}: no
   * tick was evaluated yet, and whatever is stored waits for the first.
   */
  public void restore(long watermark) {
    correctionsVersion = corrections.version();
    lastTick = watermark == Long.MIN_VALUE ? Long.MIN_VALUE : floor(watermark, tickMs);
    for (SloDefinition definition : registry.all()) {
      if (definition.isGrouped()) {
        restoreInstances(definition);
        continue;
      }
      SloRuntime runtime = rebuild(definition.id(), definition, null, lastTick);
      if (runtime.lastEventTime != Long.MIN_VALUE) {
        sloRuntimes.put(definition.id(), runtime);
      }
    }
  }

  /**
   * The instances of a grouped SLO this task holds, read back from the coverage store (which has an
   * entry for each), after a restart.
   */
  private void restoreInstances(SloDefinition parent) {
    List<String> ids = new ArrayList<>();
    try (KeyValueIterator<String, Long> stored =
        coverageStore.range(
            SloGroup.firstInstanceKey(parent.id()), SloGroup.pastInstanceKeys(parent.id()))) {
      stored.forEachRemaining(entry -> ids.add(entry.key));
    }
    GroupInstances instances = groupsOf(parent);
    for (String id : ids) {
      SloGroup group;
      try {
        group = SloGroup.parse(id, parent.grouping().labels());
      } catch (IllegalArgumentException e) {
        // The SLO's grouping keys changed: the old instances end.
        forgetInstance(id, null);
        continue;
      }
      GroupInstances.Instance instance = instances.forGroup(group);
      // Keyed by the instance's own id string, which its runtime and stores share.
      SloRuntime runtime = rebuild(instance.id(), instance.definition(), group, lastTick);
      putInstance(instance, runtime);
    }
  }

  /** Counts one valid request event at event time {@code time} for every SLO of its service. */
  public void onRequest(RequestEvent event, boolean isError, long time) {
    for (SloDefinition definition : registry.forService(event.getService())) {
      if (!IndicatorEvaluator.counts(definition.indicator(), event)) {
        continue;
      }
      long good = IndicatorEvaluator.isGood(definition.indicator(), event, isError) ? 1 : 0;
      SloRuntime runtime =
          definition.isGrouped()
              ? instanceRuntime(groupsOf(definition).forEvent(event))
              : runtime(definition);
      String id = runtime.id;
      // The hour before the minute: a new minute moves the newest stored window past its hour,
      // which would then have to be read to be known new.
      if (!runtime.isTimeslices()) {
        runtime.count(time, good, 1);
        addToPeriod(runtime, time, good, 1);
      }
      if (keepsMinute(time)) {
        long minute = floor(time, MINUTE_MS);
        SloCounts counts = minuteCounts(runtime, minute);
        counts.addAt(slotOffset(time, minute), good, 1);
        if (needsLatencies(definition)) {
          counts.addLatency(event.getLatencyMicros());
        }
        if (good == 0) {
          breakdowns.countBad(id, time, event);
        }
      }
      runtime.lastEventTime = Math.max(runtime.lastEventTime, time);
      if (runtime.group != null) {
        schedule.wake(runtime);
      }
    }
  }

  /** Records one resource sample for the saturation time-slice SLOs of its service. */
  public void onSample(ResourceSample sample, long time) {
    for (SloDefinition definition : registry.forService(sample.getService())) {
      if (definition.indicator().kind()
          != io.slipstream.processor.slo.spec.Indicator.Kind.SATURATION) {
        continue;
      }
      double saturation = Math.max(sample.getCpuUtilization(), sample.getMemoryUtilization());
      if (sample.getPoolUtilization() != null) {
        saturation = Math.max(saturation, sample.getPoolUtilization());
      }
      SloRuntime runtime = runtime(definition);
      if (keepsMinute(time)) {
        long minute = floor(time, MINUTE_MS);
        SloCounts counts = minuteCounts(runtime, minute);
        counts.add(0, 1);
        counts.addSaturation(saturation);
      }
      runtime.lastEventTime = Math.max(runtime.lastEventTime, time);
    }
  }

  /**
   * Evaluates every SLO of this task at the tick {@code now} (a multiple of the evaluation
   * interval), counting exactly the events before it, and publishes results and transitions.
   */
  public void evaluate(long now) {
    lastTick = Math.max(lastTick, now);
    // Read once: a correction published between two reads would never be seen as a change.
    long correctionsNow = corrections.version();
    boolean correctionsChanged = correctionsNow != correctionsVersion;
    correctionsVersion = correctionsNow;
    schedule.startTick();
    Iterator<Map.Entry<String, SloRuntime>> entries = sloRuntimes.entrySet().iterator();
    while (entries.hasNext()) {
      Map.Entry<String, SloRuntime> entry = entries.next();
      SloRuntime runtime = evaluate(entry.getValue(), now, correctionsChanged);
      if (runtime == null) {
        entries.remove();
      } else {
        entry.setValue(runtime);
      }
    }
    if (schedule.mustVisitAll(correctionsChanged)) {
      // Definitions, corrections or SLAs changed: every instance is looked at, and the schedule is
      // made afresh.
      List<SloRuntime> all = new ArrayList<>(instanceRuntimes.values());
      schedule.forgetDue(all);
      for (SloRuntime runtime : all) {
        if (schedule.mayPassBy(runtime, now, correctionsChanged)) {
          // Nothing this tick could change: same counts in every window and the period, no alert
          // firing, no SLA report or expiry due. Its published evaluation still holds.
          schedule.rest(runtime, now);
        } else {
          evaluateInstance(runtime, now, correctionsChanged);
        }
      }
    } else {
      // Only the instances due at this tick: the others' published evaluations still hold.
      for (SloRuntime runtime : schedule.takeDue(now)) {
        if (!runtime.retired) {
          evaluateInstance(runtime, now, false);
        }
      }
    }
    slas.publishFleets(output);
    // Closed minutes and hours leave memory at the next commit: with many instances of a grouped
    // SLO, every one's last minute and hour would otherwise stay live. A late event or a tail
    // reads them back from the store.
    minuteStore.evictWindowsBefore(floor(now - graceMs, MINUTE_MS));
    periodMinuteStore.evictWindowsBefore(floor(now - graceMs, HOUR_MS));
    breakdowns.evictBefore(now - graceMs);
  }

  /** Evaluates an instance of a grouped SLO, which may end it or rebuild it. */
  private void evaluateInstance(SloRuntime runtime, long now, boolean correctionsChanged) {
    SloRuntime evaluated = evaluate(runtime, now, correctionsChanged);
    if (evaluated == null) {
      instanceRuntimes.remove(runtime.id);
      runtime.retired = true;
    } else if (evaluated != runtime) {
      instanceRuntimes.put(runtime.id, evaluated);
      runtime.retired = true;
    }
  }

  /**
   * Evaluates one SLO or instance at the tick {@code now}.
   *
   * @return its accounting from now on (rebuilt after a change of definition or corrections), or
   *     null when it ended: its SLO was removed, or the instance expired
   */
  private SloRuntime evaluate(SloRuntime runtime, long now, boolean correctionsChanged) {
    String id = runtime.id;
    SloDefinition current =
        runtime.group == null ? registry.byId(id) : schedule.definitionAt(runtime, now);
    if (current == null) {
      if (runtime.group == null) {
        output.removed(id);
      } else {
        forgetInstance(id, runtime.group);
      }
      return null;
    }
    if (current != runtime.definition
        || (correctionsChanged && !applied(current).equals(runtime.corrections))) {
      // A retroactive correction: recompute windows and period from the raw counts.
      List<String> silencedBy = runtime.silencedBy;
      runtime = rebuild(id, current, runtime.group, now);
      runtime.silencedBy = silencedBy;
    }
    runtime.advanceToTick(now);
    if (runtime.isTimeslices()) {
      decideSlices(runtime, now - graceMs, true);
    }
    // An instance without events in any window and no alert firing has nothing to step: only
    // its period's counts may change as they age out.
    boolean quiet =
        runtime.group != null
            && runtime.lastEventTime < now - runtime.horizonMs() - MINUTE_MS
            && !alerting.anyActive(runtime);
    SloSnapshot snapshot =
        quiet
            ? SloSnapshot.withoutWindows(runtime, now)
            : SloSnapshot.of(runtime, now, minute -> minuteStore.get(id, minute));
    if (runtime.group == null || snapshot.changedSince(runtime)) {
      output.burnRates(snapshot.toRecord());
    }
    if (!quiet) {
      alerting.evaluate(runtime, snapshot, now);
    }
    long closedBefore = now - graceMs;
    if (runtime.slaSchedule == null
        || runtime.slaVersion != slas.slaVersion()
        || closedBefore >= runtime.slaSchedule.nextDue()) {
      runtime.slaVersion = slas.slaVersion();
      runtime.slaSchedule =
          slas.reportClosedPeriods(
              id,
              current,
              runtime.group,
              runtime.corrections.corrections(),
              closedBefore,
              graceMs,
              periodMinuteStore,
              output);
    }
    if (runtime.group != null) {
      schedule.scheduleNext(runtime, now);
    }
    return runtime;
  }

  /** The number of SLOs and instances of grouped SLOs this task evaluates. */
  public int activeSlos() {
    return sloRuntimes.size() + instanceRuntimes.size();
  }

  /** The instances of grouped SLO {@code parent}, started afresh when the definition changed. */
  private GroupInstances groupsOf(SloDefinition parent) {
    GroupInstances instances = groups.get(parent.id());
    if (instances == null || instances.parent != parent) {
      instances = new GroupInstances(parent);
      groups.put(parent.id(), instances);
      if (coverageStore.get(parent.id()) == null) {
        // The SLO is new to this task: its groups count from here on.
        coverageStore.put(parent.id(), SloStart.withoutBackfill(parent, retained, lastTick));
      }
    }
    return instances;
  }

  /** The accounting of a group's instance, started when the group is new. */
  private SloRuntime instanceRuntime(GroupInstances.Instance instance) {
    SloDefinition definition = instance.definition();
    SloRuntime runtime = instance.runtime;
    if (runtime != null && !runtime.retired && runtime.definition == definition) {
      return runtime;
    }
    String id = instance.id();
    runtime = instanceRuntimes.get(id);
    if (runtime != null && runtime.definition == definition) {
      instance.runtime = runtime;
      return runtime;
    }
    if (runtime == null && coverageStore.get(id) == null) {
      // A new group: nothing stored yet, complete from when its SLO is. The entry marks the
      // instance as known, for a restart.
      Long sloFrom = coverageStore.get(instance.group().sloId());
      coverageStore.put(id, sloFrom == null ? Long.MIN_VALUE : sloFrom);
      runtime = freshInstance(id, definition, instance.group());
    } else {
      runtime = rebuild(id, definition, instance.group(), lastTick);
    }
    putInstance(instance, runtime);
    return runtime;
  }

  /** Keeps a new or rebuilt instance, to be evaluated at the next tick. */
  private void putInstance(GroupInstances.Instance instance, SloRuntime runtime) {
    SloRuntime replaced = instanceRuntimes.put(runtime.id, runtime);
    if (replaced != null && replaced != runtime) {
      replaced.retired = true;
    }
    instance.runtime = runtime;
    schedule.wake(runtime);
  }

  /**
   * The accounting of a new group, at the last tick: what {@link #rebuild} gives for empty stores,
   * without reading them.
   */
  private SloRuntime freshInstance(String id, SloDefinition definition, SloGroup group) {
    SloRuntime runtime = emptyRuntime(id, definition, group);
    // Nothing is stored for a new group: no alert status to read back.
    runtime.alertStatuses = SloRuntime.ALL_INACTIVE;
    runtime.newestStored = newestStoredSince(id, lastTick);
    if (lastTick != Long.MIN_VALUE) {
      runtime.countedBefore = lastTick;
      if (runtime.isTimeslices()) {
        runtime.nextSlice = floor(lastTick - graceMs, sliceMs(definition));
      }
      runtime.advanceTo(lastTick - 1);
    }
    return runtime;
  }

  /**
   * For a new group's instance: the newest window its stores may hold. A group seen before (it
   * expired, or its SLO was removed and defined again) may still have counts stored, some of them
   * after the last tick (events that were ahead of it when the instance ended), so the minute store
   * is read from the last tick on; an hour after that has a minute there too. Before the first tick
   * nothing has ended, and nothing is stored.
   */
  private long newestStoredSince(String id, long tick) {
    if (tick == Long.MIN_VALUE) {
      return Long.MIN_VALUE;
    }
    long[] newest = {tick};
    minuteStore.forEachWindow(
        id,
        floor(tick, MINUTE_MS),
        Long.MAX_VALUE,
        (start, counts) -> newest[0] = Math.max(newest[0], start));
    return newest[0];
  }

  /** Ends an instance: its status, alert states and coverage entry go; its counts age out. */
  private void forgetInstance(String id, SloGroup group) {
    coverageStore.delete(id);
    alerting.forget(id);
    output.removed(id);
    if (group != null) {
      slas.forget(group);
      GroupInstances instances = groups.get(group.sloId());
      if (instances != null) {
        instances.remove(group);
      }
    }
  }

  /**
   * Whether {@code minuteStore} still keeps the minute at {@code time}. The margin leaves room for
   * inputs ahead of the last tick, which move the store's retention forward.
   */
  private boolean keepsMinute(long time) {
    return lastTick == Long.MIN_VALUE || time >= lastTick - minuteRetentionMs + STORE_MARGIN_MS;
  }

  private static final long STORE_MARGIN_MS = 6 * HOUR_MS;

  /** Where the evaluation slot of {@code time} starts within its {@code minute}, in ms. */
  private int slotOffset(long time, long minute) {
    return tickMs >= MINUTE_MS ? 0 : (int) (floor(time - minute, tickMs));
  }

  private SloRuntime runtime(SloDefinition definition) {
    SloRuntime runtime = sloRuntimes.get(definition.id());
    if (runtime == null && coverageStore.get(definition.id()) == null) {
      runtime = start(definition);
      sloRuntimes.put(definition.id(), runtime);
    } else if (runtime == null || runtime.definition != definition) {
      runtime = rebuild(definition.id(), definition, null, lastTick);
      sloRuntimes.put(definition.id(), runtime);
    }
    return runtime;
  }

  /**
   * The accounting of an SLO new to this task: from the retained SLI aggregates where they answer
   * its indicator ({@link SloStart}), and with the time from which its figures are complete.
   */
  private SloRuntime start(SloDefinition definition) {
    String id = definition.id();
    SloRuntime fresh = lastTick == Long.MIN_VALUE ? emptyRuntime(id, definition, null) : null;
    long completeFrom =
        SloStart.backfill(
            definition,
            retained,
            lastTick,
            tickMs,
            (time, good, total) -> {
              if (keepsMinute(time)) {
                long minute = floor(time, MINUTE_MS);
                minuteStore
                    .getOrCreate(id, minute, SloCounts::new)
                    .value()
                    .addAt(slotOffset(time, minute), good, total);
              }
              addToPeriod(id, time, good, total);
              if (fresh != null) {
                fresh.count(time, good, total);
              }
            });
    coverageStore.put(id, completeFrom);
    return fresh != null ? withCoverage(fresh) : rebuild(id, definition, null, lastTick);
  }

  private SloRuntime emptyRuntime(String id, SloDefinition definition, SloGroup group) {
    return withCoverage(new SloRuntime(id, definition, group, applied(definition), tickMs));
  }

  private SloRuntime withCoverage(SloRuntime runtime) {
    // An instance is complete from when its SLO is.
    String id = runtime.group == null ? runtime.id : runtime.group.sloId();
    Long completeFrom = coverageStore.get(id);
    runtime.completeFrom = completeFrom == null ? Long.MIN_VALUE : completeFrom;
    return runtime;
  }

  /**
   * Rebuilds an SLO's accounting at the tick {@code now} from its stores: minute counts over the
   * longest window (re-deciding closed time slices) and the per-minute period counts over the
   * period. Minutes after the one before the tick are pending until their tick comes.
   */
  private SloRuntime rebuild(String id, SloDefinition definition, SloGroup group, long now) {
    if (now == Long.MIN_VALUE) {
      return beforeFirstTick(id, definition, group);
    }
    SloRuntime runtime = emptyRuntime(id, definition, group);
    runtime.countedBefore = now;
    long end = floor(now - 1, MINUTE_MS);
    long from = end - runtime.horizonMs() + MINUTE_MS;
    runtime.minutes.advanceTo(now - 1);
    if (runtime.isTimeslices()) {
      long slice = sliceMs(definition);
      runtime.nextSlice = floor(from, slice);
      decideSlices(runtime, now - graceMs, false);
    }
    // Occurrences counted in the minute before the tick that fall at or after it: left pending, and
    // taken out of that minute's period counts below.
    long[] aheadInLastMinute = new long[2];
    if (!runtime.isTimeslices()) {
      // The scans below read every window either store holds from their first one on, ahead of
      // the tick too: the newest they find is the newest stored. (Time slices read their minutes up
      // to the tick only, and keep reading every new window.)
      runtime.newestStored = Long.MIN_VALUE;
      // From the minute before the longest window: the ring keeps it, outside every window, to
      // tell whether that window's tail has events (WindowTails).
      minuteStore.forEachWindow(
          id,
          from - MINUTE_MS,
          Long.MAX_VALUE,
          (start, counts) -> {
            runtime.stored(start);
            long good = counts.good;
            long total = counts.total;
            for (int i = 0; i < counts.slots; i++) {
              long slot = start + counts.slotOffsets[i];
              if (slot >= now) {
                runtime.addPending(slot, counts.slotGood[i], counts.slotTotal[i]);
                good -= counts.slotGood[i];
                total -= counts.slotTotal[i];
              }
            }
            // Minutes after the tick count too: an SLO whose only events are ahead of it has
            // events, and is evaluated at the next tick, as it would have been without a restart.
            runtime.lastEventTime = Math.max(runtime.lastEventTime, start);
            if (start > end) {
              // A minute stored without slots, after the tick: all of it waits for the next tick.
              if (total != 0) {
                runtime.addPending(start, good, total);
              }
              return;
            }
            if (start == end) {
              aheadInLastMinute[0] = counts.good - good;
              aheadInLastMinute[1] = counts.total - total;
            }
            if (total != 0 && runtime.countsInWindows(start)) {
              runtime.minutes.add(start, good, total);
            }
          });
    } else {
      minuteStore.forEachWindow(
          id,
          from,
          end,
          (start, counts) -> runtime.lastEventTime = Math.max(runtime.lastEventTime, start));
    }
    long hourEnd = floor(end, HOUR_MS);
    long periodFrom = hourEnd - Math.max(HOUR_MS, runtime.period.lengthMs(end)) + HOUR_MS;
    runtime.period.advanceTo(periodFrom);
    if (runtime.planned != null) {
      runtime.planned.advanceTo(periodFrom);
      runtime.excluded.advanceTo(periodFrom);
    }
    periodMinuteStore.forEachWindow(
        id,
        periodFrom,
        runtime.isTimeslices() ? hourEnd : Long.MAX_VALUE,
        (start, minutes) -> {
          runtime.stored(start);
          for (int i = 0; i < MinuteCounts.MINUTES; i++) {
            long minute = start + i * MINUTE_MS;
            long good = minutes.good(i);
            long total = minutes.total(i);
            if (minute == end && !runtime.isTimeslices()) {
              good -= aheadInLastMinute[0];
              total -= aheadInLastMinute[1];
            }
            // Later minutes of occurrence SLOs are pending (read from the minute store above).
            if (total != 0 && (minute <= end || runtime.isTimeslices())) {
              runtime.countInPeriod(minute, good, total);
            }
          }
        });
    if (!runtime.isTimeslices()) {
      // Older windows than the scans' first may be stored too.
      runtime.stored(Math.max(from - MINUTE_MS, periodFrom) - 1);
    }
    runtime.advanceTo(now - 1);
    return runtime;
  }

  /**
   * Rebuilds an SLO's accounting before the first tick (a restart, or a new definition, before it):
   * nothing was evaluated yet, so every count its minute store holds waits for that tick, as the
   * events did when they were counted. Time slices are decided from the store at the ticks.
   */
  private SloRuntime beforeFirstTick(String id, SloDefinition definition, SloGroup group) {
    SloRuntime runtime = emptyRuntime(id, definition, group);
    minuteStore.forEachWindow(
        id,
        0,
        Long.MAX_VALUE,
        (start, counts) -> {
          runtime.lastEventTime = Math.max(runtime.lastEventTime, start);
          if (runtime.isTimeslices()) {
            return;
          }
          long good = counts.good;
          long total = counts.total;
          for (int i = 0; i < counts.slots; i++) {
            runtime.addPending(
                start + counts.slotOffsets[i], counts.slotGood[i], counts.slotTotal[i]);
            good -= counts.slotGood[i];
            total -= counts.slotTotal[i];
          }
          if (total != 0) {
            runtime.addPending(start, good, total);
          }
        });
    return runtime;
  }

  /** Decides every slice that ends at or before {@code closedBefore}, feeding the slice counts. */
  private void decideSlices(SloRuntime runtime, long closedBefore, boolean persist) {
    SloDefinition definition = runtime.definition;
    Budgeting.Timeslices timeslices = (Budgeting.Timeslices) definition.budgeting();
    long slice = sliceMs(definition);
    if (runtime.nextSlice == Long.MIN_VALUE) {
      runtime.nextSlice = floor(closedBefore - runtime.horizonMs(), slice);
    }
    if (closedBefore - runtime.nextSlice > runtime.horizonMs() + slice) {
      runtime.nextSlice = floor(closedBefore - runtime.horizonMs(), slice);
    }
    while (runtime.nextSlice + slice <= closedBefore) {
      long start = runtime.nextSlice;
      SloCounts merged = new SloCounts();
      for (long minute = start; minute < start + slice; minute += MINUTE_MS) {
        SloCounts counts = minuteStore.get(runtime.id, minute);
        if (counts != null) {
          merged.add(counts.good, counts.total);
          if (counts.latencies != null) {
            if (merged.latencies == null) {
              merged.latencies = new io.slipstream.processor.aggregation.RequestBucket(0);
            }
            merged.latencies.merge(counts.latencies);
          }
          if (!Double.isNaN(counts.maxSaturation)) {
            merged.addSaturation(counts.maxSaturation);
          }
        }
      }
      if (merged.total > 0) {
        long good = sliceIsGood(timeslices.condition(), merged) ? 1 : 0;
        if (runtime.countsInWindows(start)) {
          runtime.minutes.add(start, good, 1);
        }
        if (persist) {
          runtime.countInPeriod(start, good, 1);
          addToPeriod(runtime, start, good, 1);
        }
      }
      runtime.nextSlice = start + slice;
    }
  }

  private static boolean sliceIsGood(SliceCondition condition, SloCounts slice) {
    if (condition instanceof SliceCondition.RatioAtLeast ratio) {
      return (double) slice.good / slice.total >= ratio.ratio();
    }
    if (condition instanceof SliceCondition.LatencyQuantileAtMost latency) {
      return slice.latencies == null
          || slice.latencies.isEmpty()
          || slice.latencies.quantile(latency.quantile()) <= latency.thresholdMicros();
    }
    SliceCondition.SaturationAtMost saturation = (SliceCondition.SaturationAtMost) condition;
    return Double.isNaN(slice.maxSaturation) || slice.maxSaturation <= saturation.threshold();
  }

  /** The live counts of {@code runtime}'s {@code minute}, read or created. */
  private SloCounts minuteCounts(SloRuntime runtime, long minute) {
    SloCounts counts =
        minuteStore
            .getOrCreate(runtime.id, minute, SloCounts::new, minute <= runtime.newestStored)
            .value();
    runtime.stored(minute);
    return counts;
  }

  /** Adds raw (uncorrected) counts of {@code runtime} to their minute in the period store. */
  private void addToPeriod(SloRuntime runtime, long time, long good, long total) {
    long hour = floor(time, HOUR_MS);
    periodMinuteStore
        .getOrCreate(runtime.id, hour, MinuteCounts::new, hour <= runtime.newestStored)
        .value()
        .add((int) ((time - hour) / MINUTE_MS), good, total);
    runtime.stored(hour);
  }

  /** Adds raw (uncorrected) counts to their minute in the period store. */
  private void addToPeriod(String id, long time, long good, long total) {
    long hour = floor(time, HOUR_MS);
    periodMinuteStore
        .getOrCreate(id, hour, MinuteCounts::new)
        .value()
        .add((int) ((time - hour) / MINUTE_MS), good, total);
  }

  /**
   * The corrections in force for an SLO; an instance has those of its grouped SLO, whose id,
   * service and labels its definition has.
   */
  private AppliedCorrections applied(SloDefinition definition) {
    List<SloCorrection> applying = corrections.forSlo(definition);
    return applying.isEmpty() ? AppliedCorrections.NONE : new AppliedCorrections(applying);
  }

  private static boolean needsLatencies(SloDefinition definition) {
    return definition.budgeting() instanceof Budgeting.Timeslices timeslices
        && timeslices.condition() instanceof SliceCondition.LatencyQuantileAtMost;
  }

  private static long sliceMs(SloDefinition definition) {
    long size = ((Budgeting.Timeslices) definition.budgeting()).sliceSize().toMillis();
    return Math.max(MINUTE_MS, size / MINUTE_MS * MINUTE_MS);
  }

  private static long floor(long time, long size) {
    return Math.floorDiv(time, size) * size;
  }
}
