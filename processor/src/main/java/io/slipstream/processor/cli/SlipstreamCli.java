package io.slipstream.processor.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * The analysts' command line: asks any processor instance's query API.
 *
 * <pre>
 * slipstream query slos [--sort budget|id]
 * slipstream query slo &lt;id&gt;
 * slipstream query groups &lt;slo&gt; [--sort budget|key] [--limit N] [--offset N] [--firing]
 * slipstream query group &lt;slo&gt; &lt;group&gt; [--history 6h]
 * slipstream query sli --service S [--operation O] [--window 1h | --from T --to T]
 * slipstream query breakdown &lt;slo&gt; [--group G] [--window 1h | --from T --to T] [--top 5]
 * slipstream corrections list [--slo ID] | file FILE.yaml | delete ID --by NAME [--reason R]
 * slipstream sla list | report ID [--period current|previous|2026-11|2026-11-17]
 * slipstream generate-completion      (bash/zsh completion script)
 * common: --url http://host:8080 (or $SLIPSTREAM_URL), --token T (or $SLIPSTREAM_TOKEN),
 *         --output table|json (csv and markdown for groups, breakdown, corrections and sla)
 * </pre>
 *
 * The common options' defaults can also come from a properties file (see {@link CliConfigFile}).
 *
 * <p>Exit codes: 0 answered, 1 the API refused or could not be reached (its reason on stderr), 2
 * usage error or unreadable configuration file.
 */
@Command(
    name = "slipstream",
    mixinStandardHelpOptions = true,
    versionProvider = CliVersion.class,
    description = "Query Slipstream: SLOs, error budgets, burn rates and golden signals.",
    subcommands = {
      SlipstreamCli.Query.class,
      CorrectionCommands.class,
      SlaCommands.class,
      AutoComplete.GenerateCompletion.class
    })
public final class SlipstreamCli implements Runnable {
  @Spec CommandLine.Model.CommandSpec spec;

  /** Runs the CLI and exits with its code. */
  public static void main(String[] args) {
    PrintWriter out = new PrintWriter(System.out, true, StandardCharsets.UTF_8);
    PrintWriter err = new PrintWriter(System.err, true, StandardCharsets.UTF_8);
    System.exit(execute(args, out, err));
  }

  /**
   * Runs the CLI with the process environment and the user's home (for {@link CliConfigFile}),
   * writing to {@code out} and {@code err}; returns the exit code.
   */
  public static int execute(String[] args, PrintWriter out, PrintWriter err) {
    return execute(args, out, err, System.getenv(), Path.of(System.getProperty("user.home")));
  }

  /** Runs the CLI with the given environment and home directory; returns the exit code. */
  static int execute(
      String[] args, PrintWriter out, PrintWriter err, Map<String, String> env, Path home) {
    CommandLine cli = new CommandLine(new SlipstreamCli());
    cli.setOut(out);
    cli.setErr(err);
    CliConfigFile defaults;
    try {
      defaults = CliConfigFile.load(env, home);
    } catch (IllegalArgumentException e) {
      err.println("slipstream: " + e.getMessage());
      err.flush();
      return CommandLine.ExitCode.USAGE;
    }
    // Set on the whole command tree: the connection options live in the subcommands.
    cli.setDefaultValueProvider(defaults);
    int code = cli.execute(args);
    out.flush();
    err.flush();
    return code;
  }

  @Override
  public void run() {
    throw new CommandLine.ParameterException(
        spec.commandLine(), "missing command: query, corrections or sla");
  }

  /** Output formats. */
  public enum Output {
    table,
    json,
    /** Only where the answer is one table (SLA reports, corrections, instances, breakdowns). */
    csv,
    /** Likewise. */
    markdown
  }

  /** Where and how to ask; mixed into every query. */
  static final class Connection {
    @Option(
        names = "--url",
        defaultValue = "${env:SLIPSTREAM_URL:-http://localhost:8080}",
        description = "Any processor instance's HTTP address (default: ${DEFAULT-VALUE}).")
    String url;

    @Option(
        names = "--token",
        defaultValue = "${env:SLIPSTREAM_TOKEN}",
        description = "Bearer token, when the API requires one (default: $SLIPSTREAM_TOKEN).")
    String token;

    @Option(
        names = {"-o", "--output"},
        defaultValue = "table",
        description =
            "table or json; csv and markdown for groups, breakdown, sla and corrections"
                + " (default: ${DEFAULT-VALUE}).")
    Output output;

    ApiClient client() {
      return new ApiClient(url, token);
    }
  }

  @Command(
      name = "query",
      mixinStandardHelpOptions = true,
      description = "Ask the query API.",
      subcommands = {
        Slos.class,
        Slo.class,
        GroupCommands.Groups.class,
        GroupCommands.Group.class,
        Sli.class,
        BreakdownCommand.class
      })
  static final class Query implements Runnable {
    @Spec CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
      throw new CommandLine.ParameterException(
          spec.commandLine(), "missing query: slos, slo, groups, group, sli or breakdown");
    }
  }

  /** Shared by the queries: run, print JSON or a table, map refusals to exit code 1. */
  abstract static class QueryCommand implements Callable<Integer> {
    @Mixin Connection connection;
    @Spec CommandLine.Model.CommandSpec spec;

    abstract JsonNode fetch(ApiClient client) throws ApiClient.ApiError;

    abstract String table(JsonNode answer);

    /** Whether {@link #rows} gives the answer as one table, for csv and markdown output. */
    boolean hasRows() {
      return false;
    }

    /** The answer as one table; only called when {@link #hasRows}. */
    TextTable rows(JsonNode answer) {
      throw new UnsupportedOperationException();
    }

    @Override
    public Integer call() {
      ApiClient client = connection.client();
      boolean tabular = connection.output == Output.csv || connection.output == Output.markdown;
      if (tabular && !hasRows()) {
        throw new CommandLine.ParameterException(
            spec.commandLine(), "--output " + connection.output + " is not available here");
      }
      try {
        JsonNode answer = fetch(client);
        String text =
            switch (connection.output) {
              case json -> client.pretty(answer) + "\n";
              case csv -> rows(answer).renderCsv();
              case markdown -> rows(answer).renderMarkdown();
              default -> table(answer);
            };
        spec.commandLine().getOut().print(text);
        return 0;
      } catch (ApiClient.ApiError e) {
        spec.commandLine().getErr().println("slipstream: " + e.getMessage());
        return 1;
      }
    }
  }

  /** A query whose whole answer is one table, so it also prints as CSV and Markdown. */
  abstract static class TableCommand extends QueryCommand {
    @Override
    String table(JsonNode answer) {
      return rows(answer).render();
    }

    @Override
    boolean hasRows() {
      return true;
    }

    @Override
    abstract TextTable rows(JsonNode answer);
  }

  @Command(
      name = "slos",
      mixinStandardHelpOptions = true,
      description = "All SLOs: SLI, budget left, burn rates, alert state.")
  static final class Slos extends QueryCommand {
    @Option(
        names = "--sort",
        defaultValue = "budget",
        description = "budget (least left first) or id (default: ${DEFAULT-VALUE}).")
    String sort;

    @Override
    JsonNode fetch(ApiClient client) throws ApiClient.ApiError {
      return client.get("/api/v1/slos", Map.of("sort", sort));
    }

    @Override
    String table(JsonNode slos) {
      TextTable table =
          new TextTable(
              "SLO",
              "SERVICE",
              ">TARGET",
              ">SLI",
              ">BUDGET LEFT",
              ">BURN 5m",
              ">BURN 1h",
              ">BURN 6h",
              "ALERT",
              ">EXHAUSTED IN");
      List<String> grouped = new ArrayList<>();
      for (JsonNode slo : slos) {
        JsonNode status = slo.path("status");
        JsonNode rates = status.path("burnRates");
        JsonNode groups = slo.path("groups");
        if (slo.has("groupedBy")) {
          // Its figures are per instance: the least budget left is its worst instance's.
          grouped.add(
              slo.path("id").asText()
                  + ": "
                  + groups.path("instances").asInt()
                  + " instances, "
                  + groups.path("firingPage").asInt()
                  + " paging, "
                  + groups.path("firingTicket").asInt()
                  + " with a ticket");
        }
        table.row(
            slo.path("id").asText() + (slo.has("groupedBy") ? " *" : ""),
            slo.path("service").asText(),
            percent(slo.path("target"), 3),
            percent(status.path("sli"), 3),
            percent(
                slo.has("groupedBy")
                    ? groups.path("worst").path(0).path("errorBudgetRemaining")
                    : status.path("errorBudgetRemaining"),
                1),
            number(rates.path("5m")),
            number(rates.path("1h")),
            number(rates.path("6h")),
            slo.path("alertState").asText(),
            duration(status.path("timeToExhaustion1hMillis")));
      }
      StringBuilder out = new StringBuilder(table.render());
      if (!grouped.isEmpty()) {
        out.append("\n* grouped: budget left of the worst instance; see slipstream query groups\n");
        grouped.forEach(line -> out.append("  ").append(line).append('\n'));
      }
      return out.toString();
    }
  }

  @Command(
      name = "slo",
      mixinStandardHelpOptions = true,
      description = "One SLO in detail: every window's burn rate, alerts.")
  static final class Slo extends QueryCommand {
    @Parameters(index = "0", paramLabel = "ID", description = "The SLO id.")
    String id;

    @Override
    JsonNode fetch(ApiClient client) throws ApiClient.ApiError {
      return client.get(
          "/api/v1/slos/"
              + java.net.URLEncoder.encode(id, StandardCharsets.UTF_8).replace("+", "%20"),
          Map.of());
    }

    @Override
    String table(JsonNode slo) {
      return detail(slo);
    }

    /** An SLO, or an instance of a grouped SLO, in detail; a grouped SLO in brief. */
    static String detail(JsonNode slo) {
      if (slo.has("groupedBy")) {
        return GroupCommands.summary(slo);
      }
      JsonNode status = slo.path("status");
      Map<String, String> fields = new LinkedHashMap<>();
      fields.put("SLO", slo.path("id").asText() + " (" + slo.path("name").asText() + ")");
      if (slo.has("groupKey")) {
        fields.put("Group", slo.path("groupKey").asText());
      }
      fields.put("Service", slo.path("service").asText());
      fields.put("Target", percent(slo.path("target"), 3) + " over " + slo.path("period").asText());
      fields.put("Alert state", slo.path("alertState").asText());
      fields.put("SLI", percent(status.path("sli"), 4));
      fields.put("Budget left", percent(status.path("errorBudgetRemaining"), 1));
      fields.put(
          "Events",
          status.path("periodGoodEvents").asText("-")
              + " good of "
              + status.path("periodTotalEvents").asText("-"));
      fields.put("Exhausted in (1h burn)", duration(status.path("timeToExhaustion1hMillis")));
      fields.put("Exhausted in (6h burn)", duration(status.path("timeToExhaustion6hMillis")));
      fields.put("Evaluated at", time(status.path("evaluatedAt")));
      StringBuilder out = new StringBuilder(keyValues(fields)).append('\n');
      TextTable windows = new TextTable("WINDOW", ">GOOD", ">TOTAL", ">BURN RATE");
      for (JsonNode window : status.path("windows")) {
        windows.row(
            window.path("window").asText(),
            window.path("goodEvents").asText(),
            window.path("totalEvents").asText(),
            number(window.path("burnRate")));
      }
      out.append(windows.render()).append('\n');
      TextTable alerts = new TextTable("SEVERITY", "FIRING", "SINCE");
      for (JsonNode alert : slo.path("alerts")) {
        alerts.row(
            alert.path("severity").asText(),
            alert.path("firing").asBoolean() ? "yes" : "no",
            time(alert.path("since")));
      }
      return out.append(alerts.render()).toString();
    }
  }

  @Command(
      name = "sli",
      mixinStandardHelpOptions = true,
      description = "Golden signals of a service over a window.")
  static final class Sli extends QueryCommand {
    @Option(names = "--service", required = true, description = "The service.")
    String service;

    @Option(names = "--operation", description = "One operation (default: the whole service).")
    String operation;

    @Option(names = "--window", description = "Trailing window, e.g. 5m, 1h, 1d (default 5m).")
    String window;

    @Option(
        names = "--from",
        description = "Start: ISO-8601 instant or epoch ms, instead of --window.")
    String from;

    @Option(
        names = "--to",
        description = "End: ISO-8601 instant or epoch ms (default: now, the engine's event time).")
    String to;

    @Override
    JsonNode fetch(ApiClient client) throws ApiClient.ApiError {
      Map<String, String> query = new LinkedHashMap<>();
      query.put("window", window);
      query.put("from", from);
      query.put("to", to);
      query.put("operation", operation);
      return client.get(
          "/api/v1/services/"
              + java.net.URLEncoder.encode(service, StandardCharsets.UTF_8).replace("+", "%20")
              + "/sli",
          query);
    }

    @Override
    String table(JsonNode sli) {
      JsonNode latency = sli.path("latencyMicros");
      Map<String, String> fields = new LinkedHashMap<>();
      fields.put(
          "Service",
          sli.path("service").asText()
              + (sli.path("operation").isTextual() ? " / " + sli.path("operation").asText() : ""));
      fields.put("Window", time(sli.path("from")) + " .. " + time(sli.path("to")));
      if (sli.path("now").isNumber()) {
        fields.put("Now", time(sli.path("now")) + " (" + sli.path("nowSource").asText() + ")");
      }
      fields.put(
          "Requests",
          sli.path("requestCount").asText() + " (" + number(sli.path("requestsPerSecond")) + "/s)");
      fields.put(
          "Errors",
          sli.path("errorCount").asText() + " (" + percent(sli.path("errorRatio"), 2) + ")");
      for (String quantile : new String[] {"p50", "p90", "p95", "p99", "p999", "max"}) {
        fields.put(
            "Latency " + (quantile.equals("p999") ? "p99.9" : quantile),
            millis(latency.path(quantile)));
      }
      fields.put("Saturation", percent(sli.path("saturation"), 1));
      StringBuilder exemplars = new StringBuilder();
      Iterator<JsonNode> ids = sli.path("exemplarTraceIds").elements();
      for (int i = 0; i < 5 && ids.hasNext(); i++) {
        exemplars.append(i == 0 ? "" : ", ").append(ids.next().asText());
      }
      fields.put("Exemplars", exemplars.length() == 0 ? "-" : exemplars.toString());
      return keyValues(fields);
    }
  }

  static String keyValues(Map<String, String> fields) {
    int width = fields.keySet().stream().mapToInt(String::length).max().orElse(0);
    StringBuilder out = new StringBuilder();
    fields.forEach(
        (key, value) ->
            out.append(key)
                .append(':')
                .append(" ".repeat(width - key.length() + 1))
                .append(value)
                .append('\n'));
    return out.toString();
  }

  static String percent(JsonNode value, int decimals) {
    return value.isNumber()
        ? String.format(Locale.ROOT, "%." + decimals + "f%%", value.asDouble() * 100)
        : "-";
  }

  static String number(JsonNode value) {
    return value.isNumber() ? String.format(Locale.ROOT, "%.2f", value.asDouble()) : "-";
  }

  static String millis(JsonNode micros) {
    return micros.isNumber()
        ? String.format(Locale.ROOT, "%.2f ms", micros.asDouble() / 1000.0)
        : "-";
  }

  static String time(JsonNode epochMillis) {
    return epochMillis.isNumber() ? Instant.ofEpochMilli(epochMillis.asLong()).toString() : "-";
  }

  static String duration(JsonNode millis) {
    if (!millis.isNumber()) {
      return "-";
    }
    Duration d = Duration.ofMillis(millis.asLong());
    if (d.isZero() || d.isNegative()) {
      return "spent";
    }
    if (d.toDays() > 0) {
      return d.toDays() + "d " + d.toHoursPart() + "h";
    }
    if (d.toHours() > 0) {
      return d.toHours() + "h " + d.toMinutesPart() + "m";
    }
    return d.toMinutes() + "m " + d.toSecondsPart() + "s";
  }
}
