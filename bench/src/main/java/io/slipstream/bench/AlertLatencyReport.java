package io.slipstream.bench;

import io.slipstream.bench.AlertLatencyBenchmark.Footprint;
import io.slipstream.bench.AlertLatencyBenchmark.Incident;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

/** The alert-latency and footprint figures as a generated markdown section. */
final class AlertLatencyReport {
  static final GeneratedSection SECTION = new GeneratedSection("alerting");

  /** A page may arrive at most one evaluation interval plus this long after the crossing. */
  private static final long TARGET_MILLIS = EvaluationRun.EVALUATION_INTERVAL_MS + 1_000;

  private static final double DAY_MS = 86_400_000.0;

  private AlertLatencyReport() {}

  static String render(
      AlertLatencyBenchmark.Options options,
      MachineInfo machine,
      AlertLatencyBenchmark.Outcome outcome,
      double busyBefore,
      double busyDuring,
      Instant at) {
    StringBuilder out = new StringBuilder();
    out.append(
        SECTION.header(
            options.command(),
            machine,
            at,
            String.format(
                Locale.ROOT,
                "Max heap %d MiB. Machine %s busy before the run, %s during it. %d services, one"
                    + " 99.9 %% SLO each (30 days, default alert table), %d events/s per service, %d"
                    + " min of clean history, outages %d s apart; %s events produced.",
                Runtime.getRuntime().maxMemory() >> 20,
                percent(busyBefore),
                percent(busyDuring),
                options.services(),
                options.ratePerSecond(),
                options.history().toMinutes(),
                options.stagger().toSeconds(),
                ResultsReport.number(outcome.producedEvents()))));
    List<Incident> incidents = outcome.incidents();
    out.append("| service | crossing after outage start (s) | page after crossing (s) |\n");
    out.append("|---|---:|---:|\n");
    for (Incident incident : incidents) {
      out.append(
          String.format(
              Locale.ROOT,
              "| %s | %s | %s |%n",
              incident.service(),
              incident.crossing() < 0 ? "–" : seconds(incident.crossing() - incident.outageStart()),
              incident.latencyMillis() < 0 ? "no page" : seconds(incident.latencyMillis())));
    }
    long[] latencies =
        incidents.stream()
            .mapToLong(Incident::latencyMillis)
            .filter(latency -> latency >= 0)
            .sorted()
            .toArray();
    long missing = incidents.size() - latencies.length;
    out.append('\n');
    if (latencies.length > 0) {
      long p50 = percentile(latencies, 0.50);
      long p99 = percentile(latencies, 0.99);
      out.append(
          String.format(
              Locale.ROOT,
              "- Page latency beyond the crossing over %d outages: **p50 %s s, p99 %s s** (max %s s;"
                  + " target p99 ≤ %s s, the evaluation interval plus 1 s — %s).%s%n",
              latencies.length,
              seconds(p50),
              seconds(p99),
              seconds(latencies[latencies.length - 1]),
              seconds(TARGET_MILLIS),
              p99 <= TARGET_MILLIS
                  ? "met"
                  : String.format(Locale.ROOT, "missed by %s s", seconds(p99 - TARGET_MILLIS)),
              missing > 0 ? " " + missing + " outage(s) paged late or never." : ""));
    } else {
      out.append("- No page arrived.\n");
    }
    Footprint footprint = outcome.footprint();
    double days = footprint.simulatedMillis() / DAY_MS;
    out.append(
        String.format(
            Locale.ROOT,
            "- Footprint after the run: RSS of the JVM running the processor (and the load"
                + " producer) %s MiB; state directory %s bytes for %d SLOs over %.2f simulated"
                + " days = **%s bytes per SLO per day** (fixed RocksDB overhead included).%n"
                + "- Restore with the state directory deleted: **%s s** until RUNNING, %s changelog"
                + " records restored.%n%n",
            ResultsReport.number(footprint.rssBytes() >> 20),
            ResultsReport.number(footprint.stateDirBytes()),
            options.services(),
            days,
            ResultsReport.number(Math.round(footprint.stateDirBytes() / options.services() / days)),
            seconds(footprint.restoreMillis()),
            ResultsReport.number(footprint.restoredRecords())));
    out.append("| store | bytes on disk | per SLO per simulated day |\n|---|---:|---:|\n");
    footprint.storeBytes().entrySet().stream()
        .sorted((x, y) -> Long.compare(y.getValue(), x.getValue()))
        .forEach(
            store ->
                out.append(
                    String.format(
                        Locale.ROOT,
                        "| `%s` | %s | %s |%n",
                        store.getKey(),
                        ResultsReport.number(store.getValue()),
                        ResultsReport.number(
                            Math.round(store.getValue() / options.services() / days)))));
    out.append('\n');
    out.append(SECTION.end()).append('\n');
    return out.toString();
  }

  static long percentile(long[] sorted, double q) {
    int index = (int) Math.ceil(q * sorted.length) - 1;
    return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
  }

  private static String seconds(long millis) {
    return String.format(Locale.ROOT, "%.1f", millis / 1000.0);
  }

  private static String percent(double share) {
    return Double.isNaN(share) ? "–" : Math.round(100 * share) + " %";
  }
}
