package io.slipstream.processor.cli;

import static io.slipstream.processor.cli.SlipstreamCli.percent;
import static io.slipstream.processor.cli.SlipstreamCli.time;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code slipstream sla list|report}: SLAs and their compliance reports. */
@Command(
    name = "sla",
    mixinStandardHelpOptions = true,
    description = "SLAs: compliance, credits owed, budget spent by incidents and by maintenance.",
    subcommands = {SlaCommands.ListSlas.class, SlaCommands.Report.class})
final class SlaCommands implements Runnable {
  @Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "missing command: list or report");
  }

  @Command(name = "list", mixinStandardHelpOptions = true, description = "The SLAs.")
  static final class ListSlas extends SlipstreamCli.TableCommand {
    @Override
    JsonNode fetch(ApiClient client) throws ApiClient.ApiError {
      return client.get("/api/v1/slas", Map.of());
    }

    @Override
    TextTable rows(JsonNode slas) {
      TextTable table = new TextTable("SLA", "SLO", "PERIOD", "TIME ZONE", ">OBJECTIVE", "CREDITS");
      for (JsonNode sla : slas) {
        StringBuilder credits = new StringBuilder();
        for (JsonNode tier : sla.path("credits")) {
          credits
              .append(credits.length() == 0 ? "" : ", ")
              .append(
                  String.format(
                      Locale.ROOT,
                      "<%s%% → %s%%",
                      tier.path("below").asText(),
                      tier.path("credit").asText()));
        }
        table.row(
            sla.path("id").asText(),
            sla.path("slo").asText(),
            sla.path("period").asText(),
            sla.path("timeZone").asText(),
            percent(sla.path("objective"), 3),
            credits.toString());
      }
      return table;
    }
  }

  /**
   * One period's report. The table and Markdown show the figures and the worst incidents; CSV has
   * one line of figures (the incidents are in the JSON).
   */
  @Command(
      name = "report",
      mixinStandardHelpOptions = true,
      description = "An SLA's report for the current (partial) period or a closed one.")
  static final class Report extends SlipstreamCli.QueryCommand {
    @Parameters(index = "0", paramLabel = "ID", description = "The SLA id.")
    String id;

    @Option(
        names = "--period",
        defaultValue = "current",
        description =
            "current, previous, a month (2026-11) or a date in the period (default: ${DEFAULT-VALUE}).")
    String period;

    @Override
    JsonNode fetch(ApiClient client) throws ApiClient.ApiError {
      Map<String, String> query = new HashMap<>();
      query.put("period", period);
      return client.get(
          "/api/v1/slas/"
              + URLEncoder.encode(id, StandardCharsets.UTF_8).replace("+", "%20")
              + "/report",
          query);
    }

    @Override
    boolean hasRows() {
      return true;
    }

    @Override
    TextTable rows(JsonNode report) {
      TextTable table =
          new TextTable(
              "SLA",
              "PERIOD",
              "CLOSED",
              ">SLI",
              ">OBJECTIVE",
              "MET",
              ">CREDIT %",
              ">GOOD",
              ">TOTAL",
              ">EXCLUDED",
              ">BAD",
              ">BAD IN INCIDENTS",
              ">BAD PLANNED",
              ">BUDGET SPENT",
              ">BY INCIDENTS",
              ">BY PLANNED");
      table.row(
          report.path("slaId").asText(),
          report.path("period").asText(),
          report.path("closed").asBoolean() ? "yes" : "no",
          percent(report.path("achievedSli"), 3),
          percent(report.path("objective"), 3),
          report.path("met").asBoolean() ? "yes" : "no",
          report.path("creditPercent").asText(),
          report.path("goodEvents").asText(),
          report.path("totalEvents").asText(),
          report.path("excludedEvents").asText(),
          report.path("badEvents").asText(),
          report.path("incidentBadEvents").asText(),
          report.path("plannedBadEvents").asText(),
          percent(report.path("budgetSpent"), 1),
          percent(report.path("budgetSpentByIncidents"), 1),
          percent(report.path("budgetSpentByPlanned"), 1));
      return table;
    }

    @Override
    String table(JsonNode report) {
      Map<String, String> fields = new java.util.LinkedHashMap<>();
      fields.put("SLA", report.path("slaId").asText() + " on " + report.path("sloId").asText());
      fields.put(
          "Period",
          report.path("period").asText()
              + " ("
              + report.path("timeZone").asText()
              + (report.path("closed").asBoolean() ? ", closed" : ", in progress")
              + ")");
      fields.put("Achieved SLI", percent(report.path("achievedSli"), 3));
      fields.put("Objective", percent(report.path("objective"), 3));
      fields.put("Met", report.path("met").asBoolean() ? "yes" : "no");
      fields.put("Credit owed", report.path("creditPercent").asText() + " %");
      fields.put(
          "Events",
          report.path("goodEvents").asText()
              + " good of "
              + report.path("totalEvents").asText()
              + ", "
              + report.path("excludedEvents").asText()
              + " excluded");
      fields.put(
          "Budget spent",
          percent(report.path("budgetSpent"), 1)
              + " (incidents "
              + percent(report.path("budgetSpentByIncidents"), 1)
              + ", planned "
              + percent(report.path("budgetSpentByPlanned"), 1)
              + ")");
      StringBuilder out = new StringBuilder(SlipstreamCli.keyValues(fields)).append('\n');
      TextTable incidents =
          new TextTable("FROM", "TO", "ALERTS", ">BAD", ">BUDGET", "EXEMPLAR TRACES");
      for (JsonNode incident : report.path("worstIncidents")) {
        StringBuilder alerts = new StringBuilder();
        incident
            .path("alerts")
            .forEach(a -> alerts.append(alerts.length() == 0 ? "" : " ").append(a.asText()));
        StringBuilder traces = new StringBuilder();
        incident
            .path("exemplarTraceIds")
            .forEach(t -> traces.append(traces.length() == 0 ? "" : " ").append(t.asText()));
        incidents.row(
            time(incident.path("from")),
            time(incident.path("to")),
            alerts.toString(),
            incident.path("badEvents").asText(),
            percent(incident.path("budgetSpent"), 1),
            traces.toString());
      }
      return out.append(incidents.render()).toString();
    }
  }
}
