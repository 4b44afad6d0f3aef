package io.slipstream.processor.slo.engine;

import io.slipstream.processor.slo.spec.SloDefinition;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * Which ticks must evaluate an instance of a grouped SLO, and with which definition.
 *
 * <p>Most instances are idle at any tick (a customer sends nothing for minutes), and an idle
 * instance's evaluation is the one it last published. So after each evaluation an instance is given
 * the first tick at which it must be evaluated again if no event comes ({@link #scheduleNext}):
 * where counts next reach the tail of one of its windows or of its period, where an SLA period is
 * due, or where it expires. Until then a tick passes it by ({@link #mayPassBy}), unless an event
 * came (which resets the schedule), an alert of it is firing, or its SLO's definition, the
 * corrections or the SLAs changed.
 *
 * <p>A tick visits only the instances due at it ({@link #takeDue}): those woken since the last tick
 * ({@link #wake}) and those resting until it, filed by that tick. Visiting every instance to ask
 * whether it may be passed by cost about 0.2 µs each per tick (a million instances: 200 ms per
 * tick, however few were due). When definitions, corrections or SLAs changed, every instance is
 * visited once ({@link #mustVisitAll}) and the schedule is made afresh.
 *
 * <p>Each grouped SLO is looked up once per tick ({@link #startTick}), not once per instance. Not
 * thread-safe: the owning stream thread only.
 */
final class InstanceSchedule {
  private final SloRegistry registry;
  private final SlaBookkeeping slas;
  private final SloAlerting alerting;
  private final long graceMs;
  private final long tickMs;

  /**
   * The instances to evaluate at the next tick: woken by an event, new, or with an alert firing.
   */
  private List<SloRuntime> nextTick = new ArrayList<>();

  /**
   * The instances at rest, by the first tick at which they are due. An instance is filed once: one
   * woken meanwhile, or filed again for an earlier tick, leaves a stale entry that is skipped.
   */
  private final TreeMap<Long, List<SloRuntime>> resting = new TreeMap<>();

  /** The registry's and the SLAs' versions at the last tick; -1 before the first. */
  private long registryVersion = -1;

  private long slaVersion = -1;

  /** The instances of a grouped SLO as defined now, started afresh when its definition changed. */
  private final Function<SloDefinition, GroupInstances> instancesOf;

  /** The instances of each grouped SLO at this tick, by the SLO's id; null when not defined. */
  private final Map<String, GroupInstances> atTick = new HashMap<>();

  InstanceSchedule(
      SloRegistry registry,
      SlaBookkeeping slas,
      SloAlerting alerting,
      long graceMs,
      long tickMs,
      Function<SloDefinition, GroupInstances> instancesOf) {
    this.registry = registry;
    this.slas = slas;
    this.alerting = alerting;
    this.graceMs = graceMs;
    this.tickMs = tickMs;
    this.instancesOf = instancesOf;
  }

  /** Forgets what the last tick looked up: definitions may have changed since. */
  void startTick() {
    atTick.clear();
  }

  /**
   * Whether this tick must visit every instance: it is the first, or definitions, corrections or
   * SLAs changed since the last tick, which may change an instance that is not due.
   */
  boolean mustVisitAll(boolean correctionsChanged) {
    long registryNow = registry.version();
    long slasNow = slas.slaVersion();
    boolean changed = correctionsChanged || registryNow != registryVersion || slasNow != slaVersion;
    registryVersion = registryNow;
    slaVersion = slasNow;
    return changed;
  }

  /** Empties the schedule before a tick that visits {@code all} instances and files each again. */
  void forgetDue(List<SloRuntime> all) {
    for (SloRuntime runtime : all) {
      runtime.queuedFor = SloRuntime.NOT_QUEUED;
    }
    nextTick.clear();
    resting.clear();
  }

  /** Evaluates {@code runtime} at the next tick: an event came, or it is new or rebuilt. */
  void wake(SloRuntime runtime) {
    if (runtime.queuedFor != SloRuntime.QUEUED_FOR_NEXT_TICK) {
      runtime.queuedFor = SloRuntime.QUEUED_FOR_NEXT_TICK;
      nextTick.add(runtime);
    }
  }

  /**
   * Files {@code runtime}, which tick {@code now} passed by, under the first tick at which it is
   * due.
   */
  void rest(SloRuntime runtime, long now) {
    long due = runtime.unchangedBefore;
    if (due == Long.MIN_VALUE || due <= now + tickMs) {
      wake(runtime);
      return;
    }
    if (runtime.queuedFor == SloRuntime.QUEUED_FOR_NEXT_TICK || due > Long.MAX_VALUE - tickMs) {
      return; // evaluated at the next tick anyway; or never due without an event
    }
    long dueTick = Math.floorDiv(due, tickMs) * tickMs;
    if (dueTick < due) {
      dueTick += tickMs;
    }
    if (runtime.queuedFor != SloRuntime.NOT_QUEUED && runtime.queuedFor <= dueTick) {
      return; // filed for an earlier tick, and filed again from there
    }
    runtime.queuedFor = dueTick;
    resting.computeIfAbsent(dueTick, tick -> new ArrayList<>()).add(runtime);
  }

  /**
   * The instances to evaluate at tick {@code now}: those woken since the last tick and those whose
   * rest ends by it. The caller evaluates them (skipping any no longer current), which files each
   * again ({@link #scheduleNext}).
   */
  List<SloRuntime> takeDue(long now) {
    List<SloRuntime> due = nextTick;
    nextTick = new ArrayList<>();
    for (SloRuntime runtime : due) {
      runtime.queuedFor = SloRuntime.NOT_QUEUED;
    }
    while (!resting.isEmpty() && resting.firstKey() <= now) {
      Map.Entry<Long, List<SloRuntime>> filed = resting.pollFirstEntry();
      for (SloRuntime runtime : filed.getValue()) {
        if (runtime.queuedFor != filed.getKey()) {
          continue; // woken meanwhile (it is among the due already), or filed again elsewhere
        }
        runtime.queuedFor = SloRuntime.NOT_QUEUED;
        if (now >= runtime.unchangedBefore) {
          due.add(runtime);
        } else {
          rest(runtime, now);
        }
      }
    }
    return due;
  }

  /**
   * Whether the tick {@code now} may pass instance {@code runtime} by: it is before the instance's
   * next due tick, and neither its SLO's definition, the corrections nor the SLAs changed.
   */
  boolean mayPassBy(SloRuntime runtime, long now, boolean correctionsChanged) {
    if (runtime.group == null
        || now >= runtime.unchangedBefore
        || correctionsChanged
        || runtime.slaVersion != slas.slaVersion()) {
      return false;
    }
    // Built with the shared definition of its SLO's current instances: the SLO is unchanged.
    GroupInstances instances = instancesAtTick(runtime.group.sloId());
    return instances != null && instances.template == runtime.definition;
  }

  /**
   * The definition instance {@code runtime} is evaluated with at {@code now}, or null when it ends:
   * its SLO was removed, its grouping keys changed, or it saw no event for the SLO's expiry time.
   */
  SloDefinition definitionAt(SloRuntime runtime, long now) {
    GroupInstances instances = instancesAtTick(runtime.group.sloId());
    if (instances == null || !instances.labels().equals(runtime.group.labels())) {
      return null;
    }
    SloDefinition parent = instances.parent;
    long silentFor = now - runtime.lastEventTime;
    if (runtime.lastEventTime != Long.MIN_VALUE
        && silentFor >= parent.grouping().expireAfter().toMillis()
        && !alerting.anyActive(runtime)
        && (runtime.slaSchedule == null
            || runtime.lastEventTime < runtime.slaSchedule.reportedUntil())) {
      return null;
    }
    if (instances.template == runtime.definition) {
      // Built with the shared definition of its SLO's current instances: unchanged.
      return runtime.definition;
    }
    // The SLO's definition changed: the group joins its new instances.
    return instances.forGroup(runtime.group).definition();
  }

  /**
   * After instance {@code runtime} was evaluated at {@code now}: the tick from which it must be
   * evaluated again, every tick while an alert of it is firing.
   */
  void scheduleNext(SloRuntime runtime, long now) {
    runtime.unchangedBefore =
        alerting.anyActive(runtime) ? Long.MIN_VALUE : nextDueTick(runtime, now);
    rest(runtime, now);
  }

  /**
   * The first tick at which the instance must be evaluated again if no event comes, because counts
   * reach a window's or the period's tail, an SLA period is due, or the instance expires.
   */
  private long nextDueTick(SloRuntime runtime, long now) {
    GroupInstances instances = instancesAtTick(runtime.group.sloId());
    if (runtime.slaSchedule == null || instances == null) {
      return Long.MIN_VALUE;
    }
    long slaDue = runtime.slaSchedule.nextDue(); // Long.MAX_VALUE without an SLA
    long due =
        Math.min(
            runtime.countsUnchangedUntil(now),
            slaDue == Long.MAX_VALUE ? Long.MAX_VALUE : slaDue + graceMs);
    if (runtime.lastEventTime != Long.MIN_VALUE) {
      due =
          Math.min(
              due, runtime.lastEventTime + instances.parent.grouping().expireAfter().toMillis());
    }
    return due;
  }

  private GroupInstances instancesAtTick(String sloId) {
    return atTick.computeIfAbsent(sloId, this::currentInstances);
  }

  /** The instances of grouped SLO {@code sloId} as defined now, or null when it is not defined. */
  private GroupInstances currentInstances(String sloId) {
    SloDefinition parent = registry.byId(sloId);
    return parent == null || !parent.isGrouped() ? null : instancesOf.apply(parent);
  }
}
