package io.slipstream.alertmanager.mapping;

import io.slipstream.avro.AlertState;
import io.slipstream.avro.BurnRatePair;
import io.slipstream.avro.Severity;
import io.slipstream.avro.SloAlert;
import java.math.BigDecimal;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;

/**
 * Turns {@link SloAlert} transitions into Alertmanager alerts. Pure: the same record and clock give
 * the same alert.
 *
 * <p>Labels, which identify the alert to Alertmanager: the record's labels (names made valid, empty
 * values dropped), then, for an instance of a grouped SLO, its group's labels and values ({@code
 * customer=acme}; a label named like one of the five below gets {@code group_} in front) and {@code
 * slo_group} (the group's key, {@code customer="acme"}), then {@code alertname} ({@value
 * #BURN_ALERT_NAME}, or {@value #NO_DATA_ALERT_NAME} for {@code NO_DATA}), {@code slo}, {@code
 * service} and {@code severity} ({@code page}, {@code ticket}, {@code no_data}). These override
 * record labels of the same name, so that a FIRING and its RESOLVED always name the same alert, and
 * two customers' pages of one SLO are two alerts whatever the record's labels say.
 *
 * <p>Annotations: the record's annotations, then, only where the record has none of that name,
 * {@code summary}, {@code description} (for an instance, a {@code summary} or {@code description}
 * that does not name its group gets {@code [customer="acme"]} appended: a page must say whose it
 * is), {@code runbook_url}, {@code error_budget_remaining} (e.g. {@code 37.50%}), {@code
 * time_to_exhaustion} (e.g. {@code 2h30m}), {@code burn_rates} (e.g. {@code 1h=15.20 5m=16.00 >
 * 14.4}, pairs joined by {@code "; "}) and {@code exemplar_trace_ids} (comma-joined).
 *
 * <p>Times: FIRING starts at {@code transitionAt} and ends {@code firingTtl} after the later of now
 * and the transition: Alertmanager resolves an alert whose {@code endsAt} has passed, so the bridge
 * re-sends firing alerts well within that time (as Prometheus does, with a TTL of four re-send
 * intervals). Setting {@code endsAt} ourselves rather than leaving it out keeps the bridge
 * independent of each Alertmanager's {@code resolve_timeout}. RESOLVED starts and ends at {@code
 * transitionAt}; Alertmanager keeps the start of the firing alert it merges it into.
 */
public final class AlertMapper {
  public static final String BURN_ALERT_NAME = "SloErrorBudgetBurn";
  public static final String NO_DATA_ALERT_NAME = "SloNoData";

  /** The labels the bridge sets itself, which a group's labels must not replace. */
  private static final Set<String> RESERVED =
      Set.of("alertname", "slo", "service", "severity", "slo_group");

  private final Duration firingTtl;
  private final String generatorUrlTemplate;

  /**
   * @param firingTtl how long after now a firing alert stays active without being sent again
   * @param generatorUrlTemplate the {@code generatorURL}, with {@code {slo}} replaced by the
   *     URL-encoded SLO id and {@code {group}} by the URL-encoded group key of an instance (empty
   *     for an SLO without grouping), e.g. {@code
   *     http://slipstream:8080/dashboard/#slo={slo}&group={group}}; null or blank for none
   */
  public AlertMapper(Duration firingTtl, String generatorUrlTemplate) {
    if (firingTtl.isNegative() || firingTtl.isZero()) {
      throw new IllegalArgumentException("firingTtl must be positive, was " + firingTtl);
    }
    this.firingTtl = firingTtl;
    this.generatorUrlTemplate =
        generatorUrlTemplate == null || generatorUrlTemplate.isBlank()
            ? null
            : generatorUrlTemplate.trim();
  }

  /** Returns how long a firing alert stays active in Alertmanager without being sent again. */
  public Duration firingTtl() {
    return firingTtl;
  }

  /**
   * Returns the Alertmanager alert for {@code alert} as of {@code now}.
   *
   * @throws UnmappableAlertException if the state is neither FIRING nor RESOLVED
   */
  public AlertmanagerAlert map(SloAlert alert, Instant now) {
    Instant transitionAt = alert.getTransitionAt();
    Instant endsAt =
        switch (alert.getState()) {
          case FIRING -> (now.isAfter(transitionAt) ? now : transitionAt).plus(firingTtl);
          case RESOLVED -> transitionAt;
          default ->
              throw new UnmappableAlertException(
                  "SLO "
                      + alert.getSloId()
                      + " alert has state "
                      + alert.getState()
                      + "; only FIRING and RESOLVED can be forwarded");
        };
    return new AlertmanagerAlert(
        labels(alert), annotations(alert), transitionAt, endsAt, generatorUrl(alert));
  }

  /** Returns the {@code alertname} label of alerts of {@code severity}. */
  public static String alertName(Severity severity) {
    return severity == Severity.NO_DATA ? NO_DATA_ALERT_NAME : BURN_ALERT_NAME;
  }

  private static Map<String, String> labels(SloAlert alert) {
    Map<String, String> labels = new TreeMap<>();
    copyValid(alert.getLabels(), labels);
    if (!alert.getGroupKey().isEmpty()) {
      new TreeMap<>(alert.getGroup())
          .forEach(
              (key, value) -> {
                String name = LabelNames.sanitize(key);
                if (!name.isEmpty() && value != null && !value.isEmpty()) {
                  labels.put(RESERVED.contains(name) ? "group_" + name : name, value);
                }
              });
      labels.put("slo_group", alert.getGroupKey());
    }
    labels.put("alertname", alertName(alert.getSeverity()));
    labels.put("slo", alert.getSloId());
    labels.put("service", alert.getService());
    labels.put("severity", alert.getSeverity().name().toLowerCase(Locale.ROOT));
    return labels;
  }

  private static Map<String, String> annotations(SloAlert alert) {
    Map<String, String> annotations = new TreeMap<>();
    copyValid(alert.getAnnotations(), annotations);
    boolean firing = alert.getState() == AlertState.FIRING;
    annotations.putIfAbsent("summary", summary(alert, firing));
    annotations.putIfAbsent("description", description(alert));
    String group = alert.getGroupKey();
    if (!group.isEmpty()) {
      for (String name : List.of("summary", "description")) {
        annotations.computeIfPresent(
            name, (key, text) -> text.contains(group) ? text : text + " [" + group + "]");
      }
    }
    if (alert.getRunbookUrl() != null && !alert.getRunbookUrl().isBlank()) {
      annotations.putIfAbsent("runbook_url", alert.getRunbookUrl());
    }
    annotations.putIfAbsent("error_budget_remaining", percent(alert.getErrorBudgetRemaining()));
    if (alert.getTimeToExhaustionMillis() != null) {
      annotations.putIfAbsent(
          "time_to_exhaustion", duration(Duration.ofMillis(alert.getTimeToExhaustionMillis())));
    }
    if (!alert.getPairs().isEmpty()) {
      annotations.putIfAbsent("burn_rates", burnRates(alert.getPairs()));
    }
    if (!alert.getExemplarTraceIds().isEmpty()) {
      annotations.putIfAbsent("exemplar_trace_ids", String.join(",", alert.getExemplarTraceIds()));
    }
    return annotations;
  }

  private static void copyValid(Map<String, String> from, Map<String, String> to) {
    // Sorted first, so that two keys sanitizing to the same name resolve the same way every time.
    new TreeMap<>(from)
        .forEach(
            (key, value) -> {
              String name = LabelNames.sanitize(key);
              if (!name.isEmpty() && value != null && !value.isEmpty()) {
                to.put(name, value);
              }
            });
  }

  private static String summary(SloAlert alert, boolean firing) {
    String slo = "SLO " + alert.getSloName() + forGroup(alert) + " (" + alert.getService() + ")";
    if (alert.getSeverity() == Severity.NO_DATA) {
      return firing ? "No events for " + slo : "Events for " + slo + " arrive again";
    }
    return firing
        ? "Error budget of " + slo + " is burning fast"
        : "Error budget burn of " + slo + " is back to normal";
  }

  private static String description(SloAlert alert) {
    StringBuilder text =
        new StringBuilder()
            .append(alert.getSloName())
            .append(forGroup(alert))
            .append(" of ")
            .append(alert.getService())
            .append(": ")
            .append(percent(alert.getErrorBudgetRemaining()))
            .append(" of the error budget left");
    if (alert.getTimeToExhaustionMillis() != null) {
      text.append(", exhausted in ")
          .append(duration(Duration.ofMillis(alert.getTimeToExhaustionMillis())))
          .append(" at the current burn rate");
    }
    return text.append('.').toString();
  }

  /** {@code " for customer="acme""} for an instance of a grouped SLO; empty otherwise. */
  private static String forGroup(SloAlert alert) {
    return alert.getGroupKey().isEmpty() ? "" : " for " + alert.getGroupKey();
  }

  private static String burnRates(List<BurnRatePair> pairs) {
    List<String> parts = new ArrayList<>(pairs.size());
    for (BurnRatePair pair : pairs) {
      parts.add(
          pair.getLongWindow()
              + "="
              + rate(pair.getLongBurnRate())
              + " "
              + pair.getShortWindow()
              + "="
              + rate(pair.getShortBurnRate())
              + (pair.getOp().equals("gte") ? " >= " : " > ")
              + BigDecimal.valueOf(pair.getThreshold()).stripTrailingZeros().toPlainString());
    }
    return String.join("; ", parts);
  }

  private static String rate(Double burnRate) {
    return burnRate == null ? "n/a" : String.format(Locale.ROOT, "%.2f", burnRate);
  }

  private static String percent(double fraction) {
    return String.format(Locale.ROOT, "%.2f%%", fraction * 100);
  }

  /** Formats e.g. {@code 2d3h}, {@code 2h30m}, {@code 45m}, {@code 30s}: the two largest units. */
  static String duration(Duration duration) {
    if (duration.isNegative() || duration.isZero()) {
      return "0s";
    }
    long days = duration.toDays();
    int hours = duration.toHoursPart();
    int minutes = duration.toMinutesPart();
    int seconds = duration.toSecondsPart();
    if (days > 0) {
      return days + "d" + (hours > 0 ? hours + "h" : "");
    }
    if (hours > 0) {
      return hours + "h" + (minutes > 0 ? minutes + "m" : "");
    }
    if (minutes > 0) {
      return minutes + "m" + (seconds > 0 ? seconds + "s" : "");
    }
    return Math.max(seconds, 1) + "s";
  }

  private String generatorUrl(SloAlert alert) {
    if (generatorUrlTemplate == null) {
      return null;
    }
    return generatorUrlTemplate
        .replace("{slo}", encode(Objects.requireNonNull(alert.getSloId())))
        .replace("{group}", encode(alert.getGroupKey()));
  }

  private static String encode(String text) {
    return URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20");
  }
}
