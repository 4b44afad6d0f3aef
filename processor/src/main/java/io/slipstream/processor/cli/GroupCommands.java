package io.slipstream.processor.cli;

import static io.slipstream.processor.cli.SlipstreamCli.number;
import static io.slipstream.processor.cli.SlipstreamCli.percent;
import static io.slipstream.processor.cli.SlipstreamCli.time;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code slipstream query groups|group}: the instances of a grouped SLO (one per customer, say),
 * and one of them in detail.
 */
final class GroupCommands {
  private GroupCommands() {}

  @Command(
      name = "groups",
      mixinStandardHelpOptions = true,
      description =
          "The instances of a grouped SLO: budget left, SLI, burn rates, alert state; paged.")
  static final class Groups extends SlipstreamCli.QueryCommand {
    @Parameters(index = "0", paramLabel = "SLO", description = "The grouped SLO's id.")
    String slo;

    @Option(
        names = "--sort",
        defaultValue = "budget",
        description = "budget (least left first) or key (default: ${DEFAULT-VALUE}).")
    String sort;

    @Option(
        names = "--limit",
        defaultValue = "50",
        description = "At most this many rows, 1 to 1000 (default: ${DEFAULT-VALUE}).")
    int limit;

    @Option(
        names = "--offset",
        defaultValue = "0",
        description = "Skip this many rows (default: ${DEFAULT-VALUE}).")
    int offset;

    @Option(names = "--firing", description = "Only the instances paging or raising a ticket.")
    boolean firing;

    @Override
    JsonNode fetch(ApiClient client) throws ApiClient.ApiError {
      Map<String, String> query = new LinkedHashMap<>();
      query.put("sort", sort);
      query.put("limit", Integer.toString(limit));
      query.put("offset", Integer.toString(offset));
      query.put("state", firing ? "firing" : null);
      return client.get("/api/v1/slos/" + segment(slo) + "/groups", query);
    }

    @Override
    boolean hasRows() {
      return true;
    }

    @Override
    TextTable rows(JsonNode page) {
      return instances(page.path("groupedBy"), page.path("groups"));
    }

    @Override
    String table(JsonNode page) {
      int shown = page.path("groups").size();
      int from = page.path("offset").asInt();
      String rows =
          shown == 0 ? "no rows here" : "rows " + (from + 1) + "-" + (from + shown) + " shown";
      return rows(page).render()
          + "\n"
          + page.path("total").asInt()
          + (page.path("state").isTextual() ? " " + page.path("state").asText() : "")
          + " of "
          + page.path("instances").asInt()
          + " instances ("
          + rows
          + "); "
          + firing(page)
          + "\n";
    }
  }

  @Command(
      name = "group",
      mixinStandardHelpOptions = true,
      description = "One instance of a grouped SLO in detail, as 'query slo' shows an SLO.")
  static final class Group extends SlipstreamCli.QueryCommand {
    @Parameters(index = "0", paramLabel = "SLO", description = "The grouped SLO's id.")
    String slo;

    @Parameters(
        index = "1",
        paramLabel = "GROUP",
        description =
            "The instance: its value (acme) when grouped by one key, its key"
                + " (customer=\"acme\",region=\"eu\"), or other.")
    String group;

    @Option(
        names = "--history",
        description =
            "Also the peak burn rate of each window over this span, e.g. 6h (at most 1d).")
    String history;

    @Override
    JsonNode fetch(ApiClient client) throws ApiClient.ApiError {
      Map<String, String> query = new LinkedHashMap<>();
      query.put("history", history);
      return client.get("/api/v1/slos/" + segment(slo) + "/groups/" + segment(group), query);
    }

    @Override
    String table(JsonNode instance) {
      StringBuilder out = new StringBuilder(SlipstreamCli.Slo.detail(instance));
      JsonNode minutes = instance.path("history").path("minutes");
      if (minutes.isEmpty()) {
        return out.toString();
      }
      TextTable peaks = new TextTable("WINDOW", ">PEAK BURN", "AT");
      instance
          .path("history")
          .path("burnRates")
          .properties()
          .forEach(
              series -> {
                int peak = -1;
                for (int i = 0; i < series.getValue().size(); i++) {
                  JsonNode rate = series.getValue().get(i);
                  if (rate.isNumber()
                      && (peak < 0 || rate.asDouble() > series.getValue().get(peak).asDouble())) {
                    peak = i;
                  }
                }
                peaks.row(
                    series.getKey(),
                    peak < 0 ? "-" : number(series.getValue().get(peak)),
                    peak < 0 ? "-" : time(minutes.get(peak)));
              });
      return out.append('\n')
          .append("Peak burn rates over the last ")
          .append(minutes.size())
          .append(" minutes:\n")
          .append(peaks.render())
          .toString();
    }
  }

  /**
   * A grouped SLO in brief, for {@code query slo}: its instances and the ones with the least budget
   * left.
   */
  static String summary(JsonNode slo) {
    Map<String, String> fields = new LinkedHashMap<>();
    fields.put("SLO", slo.path("id").asText() + " (" + slo.path("name").asText() + ")");
    fields.put("Service", slo.path("service").asText());
    fields.put("Target", percent(slo.path("target"), 3) + " over " + slo.path("period").asText());
    fields.put("Alert state", slo.path("alertState").asText() + " (its most severe instance's)");
    List<String> labels = new ArrayList<>();
    slo.path("groupedBy").forEach(label -> labels.add(label.asText()));
    fields.put("Grouped by", String.join(", ", labels));
    JsonNode groups = slo.path("groups");
    fields.put("Instances", groups.path("instances").asInt() + "; " + firing(groups));
    return SlipstreamCli.keyValues(fields)
        + "\nLeast budget left (all: slipstream query groups "
        + slo.path("id").asText()
        + "):\n"
        + instances(slo.path("groupedBy"), groups.path("worst")).render();
  }

  /** One row per instance: a column per grouping label, then its figures. */
  private static TextTable instances(JsonNode groupedBy, JsonNode rows) {
    List<String> labels = new ArrayList<>();
    groupedBy.forEach(label -> labels.add(label.asText()));
    List<String> windows = new ArrayList<>();
    if (!rows.isEmpty()) {
      rows.get(0).path("burnRates").fieldNames().forEachRemaining(windows::add);
    }
    List<String> columns = new ArrayList<>();
    labels.forEach(label -> columns.add(label.toUpperCase(java.util.Locale.ROOT)));
    columns.addAll(List.of("ALERT", ">BUDGET LEFT", ">SLI", ">EVENTS"));
    windows.forEach(window -> columns.add(">BURN " + window));
    columns.add("EVALUATED AT");
    TextTable table = new TextTable(columns.toArray(String[]::new));
    for (JsonNode row : rows) {
      List<String> cells = new ArrayList<>();
      JsonNode group = row.path("group");
      for (int i = 0; i < labels.size(); i++) {
        if (group.isEmpty()) {
          // The instance counting the groups beyond the SLO's cap.
          cells.add(i == 0 ? "(other)" : "");
        } else {
          String value = group.path(labels.get(i)).asText();
          cells.add(value.isEmpty() ? "\"\"" : value);
        }
      }
      cells.add(row.path("alertState").asText());
      cells.add(percent(row.path("errorBudgetRemaining"), 1));
      cells.add(percent(row.path("sli"), 3));
      cells.add(row.path("periodTotalEvents").asText());
      windows.forEach(window -> cells.add(number(row.path("burnRates").path(window))));
      cells.add(time(row.path("evaluatedAt")));
      table.row(cells.toArray(String[]::new));
    }
    return table;
  }

  private static String firing(JsonNode counts) {
    return counts.path("firingPage").asInt()
        + " paging, "
        + counts.path("firingTicket").asInt()
        + " with a ticket";
  }

  private static String segment(String text) {
    return URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20");
  }
}
