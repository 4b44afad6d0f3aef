package io.slipstream.processor.slo.engine;

import io.slipstream.processor.slo.spec.SloDefinition;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One instance of a grouped SLO: the values of its grouping keys, or the {@code other} instance
 * that counts the groups beyond the SLO's cap.
 *
 * <p>An instance's id keys its stores and output records: the SLO's id followed by the group in
 * braces, as Prometheus writes a series: {@code checkout-by-customer{customer="acme"}}, or {@code
 * checkout-by-customer{other}}. Values are quoted with {@code \} escaping {@code \}, {@code "} and
 * line feeds, so any value reads back whole. The part in braces is the group's key.
 *
 * @param sloId the grouped SLO's id
 * @param labels the grouping keys' labels, in the SLO's order
 * @param values the group's values, one per label; empty for {@code other}
 */
public record SloGroup(String sloId, List<String> labels, List<String> values) {
  /** The key of the instance that counts the groups beyond the cap. */
  public static final String OTHER = "other";

  public SloGroup {
    Objects.requireNonNull(sloId, "sloId");
    labels = List.copyOf(labels);
    values = List.copyOf(values);
    if (!values.isEmpty() && values.size() != labels.size()) {
      throw new IllegalArgumentException(
          labels.size() + " labels but " + values.size() + " values");
    }
  }

  /** The instance counting the groups beyond the cap. */
  public static SloGroup other(String sloId, List<String> labels) {
    return new SloGroup(sloId, labels, List.of());
  }

  public boolean isOther() {
    return values.isEmpty();
  }

  /** The group as a map from label to value, in key order; empty for {@code other}. */
  public Map<String, String> asMap() {
    Map<String, String> map = new LinkedHashMap<>();
    for (int i = 0; i < values.size(); i++) {
      map.put(labels.get(i), values.get(i));
    }
    return map;
  }

  /**
   * The definition of this instance as a query or a report shows it: its grouped SLO's, under the
   * instance id, without the no-data alert (a customer going quiet is not an incident).
   */
  public SloDefinition instanceDefinition(SloDefinition parent) {
    return derived(parent, instanceId());
  }

  /** The alerting of a grouped SLO's instances: its own, without the no-data alert. */
  static SloDefinition.Alerting instanceAlerting(SloDefinition parent) {
    SloDefinition.Alerting alerting = parent.alerting();
    return new SloDefinition.Alerting(
        alerting.rules(),
        alerting.minEventsInLongWindow(),
        null,
        alerting.resolveHoldDown(),
        alerting.pageSuppressesTicket());
  }

  /**
   * The definition every instance of grouped SLO {@code parent} is evaluated with in the engine: as
   * {@link #instanceDefinition}, under the grouped SLO's own id. One per grouped SLO; what an
   * instance's counts, statuses and records are keyed by is its instance id, kept beside it.
   */
  static SloDefinition instanceTemplate(SloDefinition parent) {
    return derived(parent, parent.id());
  }

  private static SloDefinition derived(SloDefinition parent, String id) {
    return new SloDefinition(
        id,
        parent.displayName(),
        parent.service(),
        parent.description(),
        parent.indicator(),
        parent.target(),
        parent.window(),
        parent.budgeting(),
        instanceAlerting(parent),
        parent.labels(),
        parent.annotations(),
        parent.runbookUrl(),
        parent.grouping());
  }

  /** The part of the instance id in braces: {@code customer="acme"}, or {@code other}. */
  public String key() {
    return isOther() ? OTHER : key(labels, values);
  }

  /** The instance id: {@code sloId{key}}. */
  public String instanceId() {
    return sloId + "{" + key() + "}";
  }

  static String key(List<String> labels, List<String> values) {
    StringBuilder key = new StringBuilder();
    for (int i = 0; i < labels.size(); i++) {
      if (i > 0) {
        key.append(',');
      }
      key.append(labels.get(i)).append("=\"");
      String value = values.get(i);
      for (int c = 0; c < value.length(); c++) {
        char ch = value.charAt(c);
        switch (ch) {
          case '\\' -> key.append("\\\\");
          case '"' -> key.append("\\\"");
          case '\n' -> key.append("\\n");
          default -> key.append(ch);
        }
      }
      key.append('"');
    }
    return key.toString();
  }

  /**
   * The key of a record about SLO {@code sloId}, or about its instance {@code groupKey}: the SLO's
   * id when {@code groupKey} is empty (an SLO without grouping), else the instance id.
   */
  public static String recordKey(String sloId, String groupKey) {
    return groupKey.isEmpty() ? sloId : sloId + "{" + groupKey + "}";
  }

  /** Whether {@code id} names an instance of a grouped SLO rather than an SLO. */
  public static boolean isInstanceId(String id) {
    return id.endsWith("}") && id.indexOf('{') > 0;
  }

  /** The first key of the instance ids of SLO {@code sloId}, for a range scan of a store. */
  public static String firstInstanceKey(String sloId) {
    return sloId + "{";
  }

  /** The key just past the instance ids of SLO {@code sloId} ('|' follows '{' in ASCII). */
  public static String pastInstanceKeys(String sloId) {
    return sloId + "|";
  }

  /**
   * Reads an instance id back.
   *
   * @param labels the grouping labels of the SLO, in order
   * @throws IllegalArgumentException when {@code id} is not an instance id with these labels
   */
  public static SloGroup parse(String id, List<String> labels) {
    int open = id.indexOf('{');
    if (open <= 0 || !id.endsWith("}")) {
      throw new IllegalArgumentException("not an SLO instance id: " + id);
    }
    String sloId = id.substring(0, open);
    String key = id.substring(open + 1, id.length() - 1);
    return ofKey(sloId, labels, key);
  }

  /**
   * The instance of SLO {@code sloId} whose key is {@code key} ({@code customer="acme"} or {@code
   * other}).
   *
   * @throws IllegalArgumentException when the key does not hold exactly these labels, in order
   */
  public static SloGroup ofKey(String sloId, List<String> labels, String key) {
    if (key.equals(OTHER)) {
      return other(sloId, labels);
    }
    List<String> values = new ArrayList<>(labels.size());
    int at = 0;
    for (int i = 0; i < labels.size(); i++) {
      String prefix = (i > 0 ? "," : "") + labels.get(i) + "=\"";
      if (!key.startsWith(prefix, at)) {
        throw new IllegalArgumentException(
            "group '" + key + "' does not match the SLO's keys " + labels);
      }
      at += prefix.length();
      StringBuilder value = new StringBuilder();
      while (at < key.length() && key.charAt(at) != '"') {
        char ch = key.charAt(at++);
        if (ch == '\\' && at < key.length()) {
          char escaped = key.charAt(at++);
          value.append(escaped == 'n' ? '\n' : escaped);
        } else {
          value.append(ch);
        }
      }
      if (at >= key.length()) {
        throw new IllegalArgumentException("group '" + key + "' has an unterminated value");
      }
      at++;
      values.add(value.toString());
    }
    if (at != key.length()) {
      throw new IllegalArgumentException(
          "group '" + key + "' does not match the SLO's keys " + labels);
    }
    return new SloGroup(sloId, labels, values);
  }
}
