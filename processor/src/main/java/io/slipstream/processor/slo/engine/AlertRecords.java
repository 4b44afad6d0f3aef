package io.slipstream.processor.slo.engine;

import io.slipstream.avro.AlertState;
import io.slipstream.avro.BadEventContributor;
import io.slipstream.avro.BurnRatePair;
import io.slipstream.avro.Severity;
import io.slipstream.avro.SloAlert;
import io.slipstream.contracts.DurationText;
import io.slipstream.processor.slo.spec.SloDefinition;
import io.slipstream.processor.slo.spec.SloDefinition.BurnRateRule;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Builds the {@link SloAlert} records of transitions. */
final class AlertRecords {
  /** Labels Slipstream sets on every alert, which a group's labels must not replace. */
  private static final java.util.Set<String> RESERVED =
      java.util.Set.of("slo", "service", "severity", "slo_group", "alertname");

  private AlertRecords() {}

  static BurnRatePair pair(BurnRateRule rule, SloSnapshot snapshot) {
    return new BurnRatePair(
        DurationText.format(rule.longWindow()),
        DurationText.format(rule.shortWindow()),
        rule.burnRate(),
        snapshot.burnRate(rule.longWindow()),
        snapshot.burnRate(rule.shortWindow()),
        rule.inclusive() ? "gte" : "gt");
  }

  static SloAlert transition(
      SloSnapshot snapshot,
      Severity severity,
      boolean firing,
      List<BurnRatePair> pairs,
      List<String> exemplarTraceIds,
      List<String> silencedBy) {
    return transition(
        snapshot, severity, firing, pairs, exemplarTraceIds, silencedBy, List.of(), "");
  }

  /**
   * @param contributors where the bad events of {@code breakdownWindow} came from (firing only)
   */
  static SloAlert transition(
      SloSnapshot snapshot,
      Severity severity,
      boolean firing,
      List<BurnRatePair> pairs,
      List<String> exemplarTraceIds,
      List<String> silencedBy,
      List<BadEventContributor> contributors,
      String breakdownWindow) {
    SloDefinition definition = snapshot.definition();
    Map<String, String> labels = new HashMap<>(definition.labels());
    labels.put("slo", snapshot.sloId());
    labels.put("service", definition.service());
    labels.put("severity", severity.name().toLowerCase(Locale.ROOT));
    if (snapshot.group() != null) {
      // The group routes the alert like any label; it never hides one Slipstream sets.
      snapshot
          .group()
          .asMap()
          .forEach(
              (label, value) ->
                  labels.put(RESERVED.contains(label) ? "group_" + label : label, value));
      labels.put("slo_group", snapshot.group().key());
    }
    Map<String, String> annotations = new HashMap<>(definition.annotations());
    annotations.putIfAbsent(
        "summary",
        silencedBy.isEmpty()
            ? summary(snapshot.id(), definition, severity, firing)
            : "Pages of "
                + snapshot.id()
                + " are silenced by correction "
                + String.join(", ", silencedBy));
    String where = BadEventBreakdowns.sentence(contributors, breakdownWindow);
    if (!where.isEmpty()) {
      annotations.putIfAbsent("top_contributor", where);
    }
    annotations.putIfAbsent(
        "description",
        String.format(
            Locale.ROOT,
            "%s: target %.4f%%, %.1f%% of the error budget left.",
            definition.displayName(),
            definition.target() * 100,
            snapshot.budgetRemaining() * 100));
    return SloAlert.newBuilder()
        .setSloId(snapshot.sloId())
        .setGroupKey(snapshot.group() == null ? "" : snapshot.group().key())
        .setGroup(snapshot.group() == null ? Map.of() : snapshot.group().asMap())
        .setSloName(definition.displayName())
        .setService(definition.service())
        .setSeverity(severity)
        .setState(firing ? AlertState.FIRING : AlertState.RESOLVED)
        .setTransitionAt(Instant.ofEpochMilli(snapshot.evaluatedAt()))
        .setPairs(pairs)
        .setErrorBudgetRemaining(snapshot.budgetRemaining())
        .setTimeToExhaustionMillis(snapshot.soonestExhaustion())
        .setExemplarTraceIds(exemplarTraceIds)
        .setSilencedBy(silencedBy)
        .setTopContributors(contributors)
        .setBreakdownWindow(breakdownWindow)
        .setLabels(labels)
        .setAnnotations(annotations)
        .setRunbookUrl(
            definition.runbookUrl() == null || definition.runbookUrl().isEmpty()
                ? null
                : definition.runbookUrl())
        .build();
  }

  /**
   * The announcement that pages of the snapshot's SLO are held back by {@code silencedBy}: a PAGE
   * record in state RESOLVED (harmless to receivers that resolve by key) naming the corrections and
   * when the last of them ends.
   */
  static SloAlert silenced(
      SloSnapshot snapshot,
      List<String> silencedBy,
      io.slipstream.processor.slo.corrections.AppliedCorrections corrections,
      long now) {
    SloAlert record = transition(snapshot, Severity.PAGE, false, List.of(), List.of(), silencedBy);
    long until =
        corrections.corrections().stream()
            .filter(c -> silencedBy.contains(c.id()))
            .mapToLong(io.slipstream.processor.slo.corrections.SloCorrection::endMs)
            .max()
            .orElse(now);
    record
        .getAnnotations()
        .put(
            "description",
            "No page fires for "
                + snapshot.id()
                + " until "
                + Instant.ofEpochMilli(until)
                + " (planned correction "
                + String.join(", ", silencedBy)
                + ").");
    return record;
  }

  private static String summary(
      String id, SloDefinition definition, Severity severity, boolean firing) {
    if (severity == Severity.NO_DATA) {
      return firing
          ? "No events for SLO " + id + " of " + definition.service()
          : "Events for SLO " + id + " arrive again";
    }
    return firing
        ? "Error budget of " + id + " (" + definition.service() + ") is burning fast"
        : "Error budget burn of " + id + " (" + definition.service() + ") is back to normal";
  }
}
