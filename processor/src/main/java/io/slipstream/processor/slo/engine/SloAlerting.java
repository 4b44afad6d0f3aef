package io.slipstream.processor.slo.engine;

import io.slipstream.avro.BadEventContributor;
import io.slipstream.avro.BurnRatePair;
import io.slipstream.avro.Severity;
import io.slipstream.contracts.DurationText;
import io.slipstream.processor.slo.spec.SloDefinition;
import io.slipstream.processor.slo.spec.SloDefinition.BurnRateRule;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The alerting of the SLOs a task evaluates: at each tick, which burn-rate rules hold, each
 * severity's state machine ({@link AlertStateMachine}) with its state kept in a store, and the
 * transitions published, with the pairs that hold and the trace ids of failed requests. Pages are
 * held back while a correction silences them; a firing page can keep a ticket from starting.
 */
final class SloAlerting {
  private final KeyValueStore<String, AlertStatus> alertStore;
  private final SlaBookkeeping slas;
  private final SloOutput output;
  private final BadEventBreakdowns breakdowns;

  SloAlerting(
      KeyValueStore<String, AlertStatus> alertStore,
      SlaBookkeeping slas,
      SloOutput output,
      BadEventBreakdowns breakdowns) {
    this.breakdowns = breakdowns;
    this.alertStore = alertStore;
    this.slas = slas;
    this.output = output;
  }

  /**
   * Steps the page, ticket and no-data alerts of one SLO at the tick {@code now}, from {@code
   * snapshot}, publishing each transition once.
   */
  void evaluate(SloRuntime runtime, SloSnapshot snapshot, long now) {
    SloDefinition definition = runtime.definition;
    SloDefinition.Alerting alerting = definition.alerting();
    long holdDown = alerting.resolveHoldDown().toMillis();
    // An active correction that silences pages: no page starts, a firing one resolves at once.
    List<String> silencedBy = runtime.corrections.silencingAt(now);
    boolean silenced = !silencedBy.isEmpty();
    AlertStateMachine.Step page =
        step(
            runtime,
            snapshot,
            Severity.PAGE,
            silenced ? List.of() : holding(runtime, snapshot, SloDefinition.Severity.PAGE),
            !silenced,
            now,
            silenced ? 0 : holdDown,
            silencedBy);
    if (silenced && !silencedBy.equals(runtime.silencedBy) && page.transitionToFiring().isEmpty()) {
      // Say in the alert stream that pages are held back; RESOLVED is a no-op for receivers.
      output.alert(AlertRecords.silenced(snapshot, silencedBy, runtime.corrections, now));
    }
    runtime.silencedBy = silencedBy;
    step(
        runtime,
        snapshot,
        Severity.TICKET,
        holding(runtime, snapshot, SloDefinition.Severity.TICKET),
        !(alerting.pageSuppressesTicket() && page.status().firing()),
        now,
        holdDown,
        List.of());
    if (alerting.noDataAfter() != null && runtime.lastEventTime != Long.MIN_VALUE) {
      boolean silent = now - runtime.lastEventTime >= alerting.noDataAfter().toMillis();
      List<BurnRateRule> none = List.of();
      stepNoData(runtime, snapshot, silent, now, none);
    }
  }

  /** Whether any alert of {@code runtime}'s SLO (or instance) is firing. */
  boolean anyActive(SloRuntime runtime) {
    for (Severity severity : Severity.values()) {
      if (status(runtime, severity).firing()) {
        return true;
      }
    }
    return false;
  }

  /** Drops the alert states of an instance that ended. */
  void forget(String sloId) {
    for (Severity severity : Severity.values()) {
      alertStore.delete(alertKey(sloId, severity));
    }
  }

  /**
   * The alert status of one severity, read from the store once per runtime: the store is written at
   * every change, and a runtime is rebuilt (its cache empty) after a restart.
   */
  private AlertStatus status(SloRuntime runtime, Severity severity) {
    if (runtime.alertStatuses == null) {
      runtime.alertStatuses = readStatuses(runtime.id);
    }
    return runtime.alertStatuses[severity.ordinal()];
  }

  /** Every severity's stored status: the one shared all-inactive array when none is stored. */
  private AlertStatus[] readStatuses(String sloId) {
    AlertStatus[] statuses = null;
    for (Severity severity : Severity.values()) {
      AlertStatus stored = alertStore.get(alertKey(sloId, severity));
      if (stored != null && !stored.equals(AlertStatus.INACTIVE)) {
        if (statuses == null) {
          statuses = SloRuntime.ALL_INACTIVE.clone();
        }
        statuses[severity.ordinal()] = stored;
      }
    }
    return statuses == null ? SloRuntime.ALL_INACTIVE : statuses;
  }

  private void setStatus(SloRuntime runtime, Severity severity, AlertStatus status) {
    if (runtime.alertStatuses == null) {
      runtime.alertStatuses = readStatuses(runtime.id);
    }
    if (runtime.alertStatuses == SloRuntime.ALL_INACTIVE) {
      // The shared array is never written: this runtime gets its own.
      runtime.alertStatuses = SloRuntime.ALL_INACTIVE.clone();
    }
    runtime.alertStatuses[severity.ordinal()] = status;
    alertStore.put(alertKey(runtime.id, severity), status);
  }

  /**
   * The rules of {@code severity} that hold: both windows at or above the rate as the rule's {@code
   * op} says, enough events in the long one.
   */
  private static List<BurnRateRule> holding(
      SloRuntime runtime, SloSnapshot snapshot, SloDefinition.Severity severity) {
    List<BurnRateRule> holding = new ArrayList<>();
    long minEvents = snapshot.definition().alerting().minEventsInLongWindow();
    List<BurnRateRule> rules = snapshot.definition().alerting().rules();
    for (int i = 0; i < rules.size(); i++) {
      BurnRateRule rule = rules.get(i);
      if (rule.severity() != severity
          || snapshot.total(rule.longWindow()) < Math.max(1, minEvents)) {
        continue;
      }
      BurnRateThreshold threshold = runtime.plan.thresholds().get(i);
      if (threshold.reachedBy(snapshot.bad(rule.longWindow()), snapshot.total(rule.longWindow()))
          && threshold.reachedBy(
              snapshot.bad(rule.shortWindow()), snapshot.total(rule.shortWindow()))) {
        holding.add(rule);
      }
    }
    return holding;
  }

  /** Steps one severity's state machine, publishing its transition if there is one. */
  private AlertStateMachine.Step step(
      SloRuntime runtime,
      SloSnapshot snapshot,
      Severity severity,
      List<BurnRateRule> holding,
      boolean mayFire,
      long now,
      long holdDown,
      List<String> silencedBy) {
    String sloId = snapshot.id();
    AlertStatus current = status(runtime, severity);
    AlertStateMachine.Step step =
        AlertStateMachine.step(current, !holding.isEmpty(), mayFire, now, holdDown);
    if (!step.status().equals(current)) {
      setStatus(runtime, severity, step.status());
    }
    if (step.transitionToFiring().isPresent() && !step.status().firing()) {
      slas.resolved(sloId, severity.name(), current.since(), now);
    }
    step.transitionToFiring()
        .ifPresent(
            firing -> {
              List<BurnRateRule> shown = firing ? holding : rulesOf(snapshot, severity);
              List<BurnRatePair> pairs = new ArrayList<>();
              shown.forEach(rule -> pairs.add(AlertRecords.pair(rule, snapshot)));
              List<String> exemplars = List.of();
              List<BadEventContributor> contributors = List.of();
              String window = "";
              if (firing && !shown.isEmpty()) {
                Duration shortWindow = shown.get(0).shortWindow();
                window = DurationText.format(shortWindow);
                // Exactly the short window before the tick, as its burn rate counts it.
                contributors =
                    BadEventBreakdowns.forAlert(
                        breakdowns.window(sloId, now - shortWindow.toMillis(), now));
                exemplars = exemplarsOf(contributors);
                if (exemplars.isEmpty() && snapshot.group() == null) {
                  // Untraced bad events, or a selector the breakdown saw none of: the service's.
                  exemplars =
                      output.failedTraceIds(
                          snapshot.definition().service(), now - shortWindow.toMillis(), now + 1);
                }
                slas.fired(sloId, severity.name(), now, shortWindow.toMillis(), exemplars);
              }
              output.alert(
                  AlertRecords.transition(
                      snapshot,
                      severity,
                      firing,
                      pairs,
                      exemplars,
                      silencedBy,
                      contributors,
                      window));
            });
    return step;
  }

  private void stepNoData(
      SloRuntime runtime, SloSnapshot snapshot, boolean silent, long now, List<BurnRateRule> none) {
    AlertStatus current = status(runtime, Severity.NO_DATA);
    AlertStateMachine.Step step = AlertStateMachine.step(current, silent, true, now, 0);
    if (!step.status().equals(current)) {
      setStatus(runtime, Severity.NO_DATA, step.status());
    }
    step.transitionToFiring()
        .ifPresent(
            firing ->
                output.alert(
                    AlertRecords.transition(
                        snapshot, Severity.NO_DATA, firing, List.of(), List.of(), List.of())));
  }

  /** The trace ids of the top contributor's bad events, else of the top operation's. */
  private static List<String> exemplarsOf(List<BadEventContributor> contributors) {
    return contributors.stream()
        .map(BadEventContributor::getExemplarTraceIds)
        .filter(ids -> !ids.isEmpty())
        .findFirst()
        .orElse(List.of());
  }

  private static List<BurnRateRule> rulesOf(SloSnapshot snapshot, Severity severity) {
    return snapshot.definition().alerting().rules().stream()
        .filter(rule -> rule.severity().name().equals(severity.name()))
        .toList();
  }

  private static AlertStatus orInactive(AlertStatus status) {
    return status == null ? AlertStatus.INACTIVE : status;
  }

  static String alertKey(String sloId, Severity severity) {
    return sloId + "\u0000" + severity.name();
  }
}
