package io.slipstream.alertmanager.mapping;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;

/**
 * Writes alerts as the JSON body of Alertmanager's {@code POST /api/v2/alerts}: an array of {@code
 * {labels, annotations, startsAt, endsAt, generatorURL}}, fields in that order, maps sorted by key,
 * absent values left out, times in RFC 3339 UTC with milliseconds ({@code
 * 2024-05-01T12:00:00.000Z}).
 */
public final class AlertJson {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final DateTimeFormatter RFC_3339_MILLIS =
      DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

  private AlertJson() {}

  /** Returns the request body for {@code alerts}. */
  public static String write(List<AlertmanagerAlert> alerts) {
    ArrayNode array = JSON.createArrayNode();
    for (AlertmanagerAlert alert : alerts) {
      ObjectNode node = array.addObject();
      putMap(node.putObject("labels"), alert.labels());
      putMap(node.putObject("annotations"), alert.annotations());
      node.put("startsAt", format(alert.startsAt()));
      if (alert.endsAt() != null) {
        node.put("endsAt", format(alert.endsAt()));
      }
      if (alert.generatorUrl() != null) {
        node.put("generatorURL", alert.generatorUrl());
      }
    }
    try {
      return JSON.writeValueAsString(array);
    } catch (JsonProcessingException e) {
      // Only strings and objects of strings: Jackson cannot fail on these.
      throw new IllegalStateException("Cannot write alerts as JSON", e);
    }
  }

  /** Formats {@code instant} the way the body carries it. */
  public static String format(Instant instant) {
    return RFC_3339_MILLIS.format(instant);
  }

  private static void putMap(ObjectNode node, Map<String, String> values) {
    values.forEach(node::put);
  }
}
