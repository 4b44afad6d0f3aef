package io.slipstream.processor.query;

import io.slipstream.avro.BurnRateEvaluation;
import io.slipstream.avro.Severity;
import io.slipstream.avro.WindowBurnRate;
import io.slipstream.contracts.DurationText;
import io.slipstream.processor.query.ApiViews.AlertView;
import io.slipstream.processor.query.ApiViews.GroupRowView;
import io.slipstream.processor.query.ApiViews.GroupsSummaryView;
import io.slipstream.processor.query.ApiViews.SloView;
import io.slipstream.processor.slo.engine.AlertStates;
import io.slipstream.processor.slo.engine.SloGroup;
import io.slipstream.processor.slo.spec.SloDefinition;
import io.slipstream.processor.slo.spec.SloDefinition.BurnRateRule;
import io.slipstream.processor.topology.StoreNames;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * Answers questions about the instances of grouped SLOs from this instance's stores, for the
 * partition that owns the SLO's service (where all of its instances live). An instance's latest
 * evaluation is kept in the status store under its instance id, {@code sloId{key}}, so one range
 * scan finds them all; its alert states are kept as an SLO's are.
 *
 * <p>Every question reads all instances of the SLO (their latest evaluations and page and ticket
 * states): ordering by budget needs them all, and there is no index by budget. At 100,000 instances
 * that is one scan of 100,000 small records per question.
 */
final class GroupQueries {
  /** How many of the instances with the least budget left an SLO's summary names. */
  static final int WORST = 5;

  /** Least error budget left first, ties by key. */
  static final Comparator<GroupRowView> BY_BUDGET =
      Comparator.comparingDouble(GroupRowView::errorBudgetRemaining)
          .thenComparing(GroupRowView::key);

  static final Comparator<GroupRowView> BY_KEY = Comparator.comparing(GroupRowView::key);

  private final PartitionStores stores;
  private final LocalQueries local;

  GroupQueries(PartitionStores stores, LocalQueries local) {
    this.stores = stores;
    this.local = local;
  }

  /**
   * One instance as a row, with its firing alerts.
   *
   * @param page its page's state while firing, else null
   * @param ticket its ticket's state while firing, else null
   */
  record Instance(GroupRowView row, AlertStates.Current page, AlertStates.Current ticket) {}

  /** The instances of grouped SLO {@code parent}, in key order. */
  List<Instance> instances(SloDefinition parent, int partition) {
    ReadOnlyKeyValueStore<String, BurnRateEvaluation> statuses =
        stores.store(StoreNames.SLO_STATUS, QueryableStoreTypes.keyValueStore(), partition);
    ReadOnlyKeyValueStore<String, Object> alertStates =
        stores.store(StoreNames.SLO_ALERT_STATE, QueryableStoreTypes.keyValueStore(), partition);
    List<String> labels = parent.grouping().labels();
    BurnRateRule shown = shownRule(parent);
    List<Instance> instances = new ArrayList<>();
    try (KeyValueIterator<String, BurnRateEvaluation> stored =
        statuses.range(
            SloGroup.firstInstanceKey(parent.id()), SloGroup.pastInstanceKeys(parent.id()))) {
      while (stored.hasNext()) {
        KeyValue<String, BurnRateEvaluation> entry = stored.next();
        SloGroup group;
        try {
          group = SloGroup.parse(entry.key, labels);
        } catch (IllegalArgumentException e) {
          // An instance of the SLO's former grouping keys: it ends at the next evaluation.
          continue;
        }
        AlertStates.Current page = firing(alertStates, entry.key, Severity.PAGE);
        AlertStates.Current ticket = firing(alertStates, entry.key, Severity.TICKET);
        String alertState = page != null ? "PAGE" : ticket != null ? "TICKET" : "OK";
        instances.add(new Instance(row(group, entry.value, alertState, shown), page, ticket));
      }
    }
    return instances;
  }

  /**
   * {@code base}, the view of grouped SLO {@code parent} without a status, with its instances in
   * brief. Its alert state is the most severe of its instances' ({@code PENDING} before the first
   * instance); a severity's {@code since} is when its longest-firing instance started firing.
   */
  SloView summarized(SloView base, SloDefinition parent, int partition) {
    List<Instance> all = instances(parent, partition);
    int pages = 0;
    int tickets = 0;
    Long pageSince = null;
    Long ticketSince = null;
    for (Instance instance : all) {
      if (instance.page() != null) {
        pages++;
        pageSince = earliest(pageSince, instance.page().since());
      }
      if (instance.ticket() != null) {
        tickets++;
        ticketSince = earliest(ticketSince, instance.ticket().since());
      }
    }
    List<GroupRowView> worst =
        all.stream().map(Instance::row).sorted(BY_BUDGET).limit(WORST).toList();
    String alertState =
        pages > 0 ? "PAGE" : tickets > 0 ? "TICKET" : all.isEmpty() ? "PENDING" : "OK";
    List<AlertView> alerts =
        List.of(
            new AlertView(Severity.PAGE.name(), pages > 0, pageSince),
            new AlertView(Severity.TICKET.name(), tickets > 0, ticketSince),
            new AlertView(Severity.NO_DATA.name(), false, null));
    return base.withGroups(
        parent.grouping().labels(),
        new GroupsSummaryView(all.size(), pages, tickets, worst),
        alertState,
        alerts);
  }

  /**
   * The instance {@code group} of grouped SLO {@code parent} in detail, as an SLO's; null when the
   * SLO has no such instance (never seen, or expired).
   */
  SloView instance(
      SloDefinition parent, SloGroup group, int partition, long historyMs, QueryClock.Now now) {
    ReadOnlyKeyValueStore<String, BurnRateEvaluation> statuses =
        stores.store(StoreNames.SLO_STATUS, QueryableStoreTypes.keyValueStore(), partition);
    if (statuses.get(group.instanceId()) == null) {
      return null;
    }
    return local.instance(parent, group, partition, historyMs, now);
  }

  /**
   * The rule whose windows a row shows: the first page rule (the fast burn, 1h and 5m in the
   * default table), else the first rule; null without rules.
   */
  private static BurnRateRule shownRule(SloDefinition definition) {
    List<BurnRateRule> rules = definition.alerting().rules();
    return rules.stream()
        .filter(rule -> rule.severity() == SloDefinition.Severity.PAGE)
        .findFirst()
        .orElse(rules.isEmpty() ? null : rules.get(0));
  }

  private static GroupRowView row(
      SloGroup group, BurnRateEvaluation evaluation, String alertState, BurnRateRule shown) {
    Map<String, Double> burnRates = new LinkedHashMap<>();
    if (shown != null) {
      for (java.time.Duration window : List.of(shown.longWindow(), shown.shortWindow())) {
        burnRates.put(DurationText.format(window), burnRate(evaluation, window.toMillis()));
      }
    }
    return new GroupRowView(
        group.key(),
        group.asMap(),
        alertState,
        evaluation.getErrorBudgetRemaining(),
        evaluation.getSli(),
        evaluation.getPeriodTotalEvents(),
        burnRates,
        evaluation.getEvaluatedAt().toEpochMilli());
  }

  private static Double burnRate(BurnRateEvaluation evaluation, long windowMillis) {
    for (WindowBurnRate window : evaluation.getWindows()) {
      if (window.getWindowMillis() == windowMillis) {
        return window.getBurnRate();
      }
    }
    return null;
  }

  /** The alert state of one severity of an instance when it is firing, else null. */
  private static AlertStates.Current firing(
      ReadOnlyKeyValueStore<String, Object> alertStates, String instanceId, Severity severity) {
    AlertStates.Current current =
        AlertStates.current(alertStates.get(AlertStates.storeKey(instanceId, severity)));
    return current != null && current.firing() ? current : null;
  }

  private static Long earliest(Long earliest, long since) {
    if (since == Long.MIN_VALUE) {
      return earliest;
    }
    return earliest == null ? since : Math.min(earliest, since);
  }
}
