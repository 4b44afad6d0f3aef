package io.slipstream.processor.slo.engine;

import io.slipstream.processor.slo.spec.SloDefinition;
import java.util.HashMap;
import java.util.Map;
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
 * <p>Each grouped SLO is looked up once per tick ({@link #startTick}), not once per instance. Not
 * thread-safe: the owning stream thread only.
 */
final class InstanceSchedule {
  private final SloRegistry registry;
  private final SlaBookkeeping slas;
  private final SloAlerting alerting;
  private final long graceMs;

  /** The instances of a grouped SLO as defined now, started afresh when its definition changed. */
  private final Function<SloDefinition, GroupInstances> instancesOf;

  /** The instances of each grouped SLO at this tick, by the SLO's id; null when not defined. */
  private final Map<String, GroupInstances> atTick = new HashMap<>();

  InstanceSchedule(
      SloRegistry registry,
      SlaBookkeeping slas,
      SloAlerting alerting,
      long graceMs,
      Function<SloDefinition, GroupInstances> instancesOf) {
    this.registry = registry;
    this.slas = slas;
    this.alerting = alerting;
    this.graceMs = graceMs;
    this.instancesOf = instancesOf;
  }

  /** Forgets what the last tick looked up: definitions may have changed since. */
  void startTick() {
    atTick.clear();
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
