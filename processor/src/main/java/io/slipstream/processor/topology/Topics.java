package io.slipstream.processor.topology;

/**
 * The topics Slipstream reads and writes. Names are explicit kebab-case constants; an instance
 * holds the names one deployment uses (tests give each run its own), so no topic name is a
 * scattered literal.
 */
public record Topics(
    String requestEvents,
    String resourceSamples,
    String requestEventsDlq,
    String resourceSamplesDlq,
    String sliSnapshots,
    String sloDefinitions,
    String sloBurnRates,
    String sloAlerts,
    String sloCorrections,
    String sloCorrectionsAudit,
    String slaDefinitions,
    String slaReports) {

  public static final String REQUEST_EVENTS = "request-events";
  public static final String RESOURCE_SAMPLES = "resource-samples";
  public static final String REQUEST_EVENTS_DLQ = "request-events-dlq";
  public static final String RESOURCE_SAMPLES_DLQ = "resource-samples-dlq";
  public static final String SLI_SNAPSHOTS = "sli-snapshots";
  public static final String SLO_DEFINITIONS = "slo-definitions";
  public static final String SLO_BURN_RATES = "slo-burn-rates";
  public static final String SLO_ALERTS = "slo-alerts";

  /** Corrections in force, compacted: key = correction id, tombstone = deleted. */
  public static final String SLO_CORRECTIONS = "slo-corrections";

  /** Every change to a correction, append-only: who filed or deleted what, and when. */
  public static final String SLO_CORRECTIONS_AUDIT = "slo-corrections-audit";

  /** SLA definitions, compacted: key = SLA id, tombstone = removed. */
  public static final String SLA_DEFINITIONS = "sla-definitions";

  /** One report per SLA and closed period. */
  public static final String SLA_REPORTS = "sla-reports";

  /** The standard names. */
  public static Topics defaults() {
    return withPrefix("");
  }

  /** The standard names behind {@code prefix}, e.g. for several deployments on one cluster. */
  public static Topics withPrefix(String prefix) {
    return new Topics(
        prefix + REQUEST_EVENTS,
        prefix + RESOURCE_SAMPLES,
        prefix + REQUEST_EVENTS_DLQ,
        prefix + RESOURCE_SAMPLES_DLQ,
        prefix + SLI_SNAPSHOTS,
        prefix + SLO_DEFINITIONS,
        prefix + SLO_BURN_RATES,
        prefix + SLO_ALERTS,
        prefix + SLO_CORRECTIONS,
        prefix + SLO_CORRECTIONS_AUDIT,
        prefix + SLA_DEFINITIONS,
        prefix + SLA_REPORTS);
  }
}
