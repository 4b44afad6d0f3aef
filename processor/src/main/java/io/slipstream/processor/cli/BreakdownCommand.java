package io.slipstream.processor.cli;

import static io.slipstream.processor.cli.SlipstreamCli.percent;
import static io.slipstream.processor.cli.SlipstreamCli.time;

import com.fasterxml.jackson.databind.JsonNode;
import io.slipstream.processor.slo.breakdown.BreakdownDimension;
import io.slipstream.processor.slo.breakdown.Contributor;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code slipstream query breakdown SLO}: where an SLO's (or one instance's) bad events came from
 * in a window. The table output is the top contributor in a sentence, then a table per dimension;
 * CSV and Markdown are one table with a row per dimension and value.
 */
@Command(
    name = "breakdown",
    mixinStandardHelpOptions = true,
    description =
        "Where the error budget went: the bad events of a window per operation, region, zone,"
            + " instance, status and outcome, with exemplar trace ids.")
final class BreakdownCommand extends SlipstreamCli.QueryCommand {
  /** The value shown for a dimension's bad events whose value was not kept (its folded count). */
  static final String NOT_ATTRIBUTED = "(not attributed)";

  @Parameters(index = "0", paramLabel = "SLO", description = "The SLO id.")
  String slo;

  @Option(
      names = "--group",
      description =
          "One instance of a grouped SLO: its value (acme) or key (customer=\"acme\"), or other.")
  String group;

  @Option(names = "--window", description = "Trailing window, e.g. 5m, 1h, 1d (default 1h).")
  String window;

  @Option(
      names = "--from",
      description = "Start: ISO-8601 instant or epoch ms, instead of --window.")
  String from;

  @Option(
      names = "--to",
      description = "End: ISO-8601 instant or epoch ms (default: now, the engine's event time).")
  String to;

  @Option(
      names = "--top",
      description = "Values per dimension, 1 to 64 (default 5).",
      paramLabel = "N")
  Integer top;

  @Override
  JsonNode fetch(ApiClient client) throws ApiClient.ApiError {
    Map<String, String> query = new LinkedHashMap<>();
    query.put("window", window);
    query.put("from", from);
    query.put("to", to);
    query.put("group", group);
    query.put("top", top == null ? null : top.toString());
    return client.get(
        "/api/v1/slos/"
            + URLEncoder.encode(slo, StandardCharsets.UTF_8).replace("+", "%20")
            + "/breakdown",
        query);
  }

  @Override
  boolean hasRows() {
    return true;
  }

  @Override
  TextTable rows(JsonNode answer) {
    TextTable table = new TextTable("DIMENSION", "VALUE", ">BAD EVENTS", ">SHARE", "EXEMPLAR");
    for (JsonNode dimension : answer.path("dimensions")) {
      String name = dimension.path("dimension").asText();
      for (String[] row : valueRows(dimension)) {
        table.row(name, row[0], row[1], row[2], row[3]);
      }
    }
    return table;
  }

  @Override
  String table(JsonNode answer) {
    Map<String, String> fields = new LinkedHashMap<>();
    fields.put("SLO", answer.path("sloId").asText());
    if (!answer.path("groupKey").asText().isEmpty()) {
      fields.put("Group", answer.path("groupKey").asText());
    }
    fields.put("Window", time(answer.path("from")) + " .. " + time(answer.path("to")));
    if (answer.path("now").isNumber()) {
      fields.put("Now", time(answer.path("now")) + " (" + answer.path("nowSource").asText() + ")");
    }
    StringBuilder out = new StringBuilder(SlipstreamCli.keyValues(fields)).append('\n');
    out.append(sentence(answer)).append('\n');
    if (answer.path("badEvents").asLong() == 0) {
      return out.toString();
    }
    for (JsonNode dimension : answer.path("dimensions")) {
      TextTable table =
          new TextTable(dimension.path("dimension").asText(), ">BAD EVENTS", ">SHARE", "EXEMPLAR");
      valueRows(dimension).forEach(table::row);
      out.append('\n').append(table.render());
    }
    return out.toString();
  }

  /**
   * The top contributor for people: {@code 78 % of the 120 bad requests: POST /checkout in
   * eu-west-1, status 503, e.g. trace 4bf9…}; a region or status the events did not have is left
   * out.
   */
  static String sentence(JsonNode answer) {
    long bad = answer.path("badEvents").asLong();
    JsonNode top = answer.path("topContributor");
    if (bad == 0 || !top.isObject()) {
      return "No bad events in this window.";
    }
    JsonNode parts = top.path("contributor");
    JsonNode exemplars = top.path("exemplars");
    return String.format(
        Locale.ROOT,
        "%.0f %% of the %d bad %s: %s%s.",
        top.path("share").asDouble() * 100,
        bad,
        bad == 1 ? "request" : "requests",
        contributor(
            parts.path("operation").asText(),
            parts.path("region").asText(),
            parts.path("status").asText()),
        exemplars.isEmpty() ? "" : ", e.g. trace " + exemplars.get(0).asText());
  }

  /** Value, bad events, share and first exemplar of each listed value, then the folded ones. */
  private static List<String[]> valueRows(JsonNode dimension) {
    boolean contributors =
        dimension.path("dimension").asText().equals(BreakdownDimension.CONTRIBUTOR.name());
    List<String[]> rows = new ArrayList<>();
    for (JsonNode value : dimension.path("values")) {
      String text = value.path("value").asText();
      rows.add(
          new String[] {
            contributors ? decoded(text) : text,
            value.path("count").asText(),
            percent(value.path("share"), 1),
            value.path("exemplars").path(0).asText("-")
          });
    }
    long folded = dimension.path("folded").asLong();
    long total = dimension.path("totalBad").asLong();
    if (folded > 0 && total > 0) {
      rows.add(
          new String[] {
            NOT_ATTRIBUTED,
            Long.toString(folded),
            String.format(Locale.ROOT, "%.1f%%", 100.0 * folded / total),
            "-"
          });
    }
    return rows;
  }

  /** A CONTRIBUTOR value as the sentence words it; the raw value if it is not one. */
  private static String decoded(String value) {
    try {
      Contributor parts = Contributor.decode(value);
      return contributor(parts.operation(), parts.region(), parts.status());
    } catch (IllegalArgumentException e) {
      return value;
    }
  }

  private static String contributor(String operation, String region, String status) {
    return operation
        + (region.equals(BreakdownDimension.UNKNOWN) ? "" : " in " + region)
        + (status.equals(BreakdownDimension.NO_STATUS) ? "" : ", status " + status);
  }
}
