package io.slipstream.processor.topology;

/** Names of the topology's nodes: explicit, so metrics and logs name what they mean. */
public final class ProcessorNames {
  public static final String REQUEST_EVENTS_SOURCE = "request-events-source";
  public static final String RESOURCE_SAMPLES_SOURCE = "resource-samples-source";
  public static final String REQUEST_EVENTS_DECODER = "request-events-decoder";
  public static final String RESOURCE_SAMPLES_DECODER = "resource-samples-decoder";
  public static final String SLI_AGGREGATOR = "sli-aggregator";
  public static final String SLO_ACCOUNTING = "slo-accounting";
  public static final String REQUEST_EVENTS_DLQ_SINK = "request-events-dlq-sink";
  public static final String RESOURCE_SAMPLES_DLQ_SINK = "resource-samples-dlq-sink";
  public static final String SLI_SNAPSHOTS_SINK = "sli-snapshots-sink";

  public static final String SLO_BURN_RATES_SINK = "slo-burn-rates-sink";
  public static final String SLO_ALERTS_SINK = "slo-alerts-sink";
  public static final String SLO_DEFINITIONS_SOURCE = "slo-definitions-source";
  public static final String SLO_DEFINITIONS_LOADER = "slo-definitions-loader";
  public static final String SLO_CORRECTIONS_SOURCE = "slo-corrections-source";
  public static final String SLO_CORRECTIONS_LOADER = "slo-corrections-loader";
  public static final String SLA_DEFINITIONS_SOURCE = "sla-definitions-source";
  public static final String SLA_DEFINITIONS_LOADER = "sla-definitions-loader";
  public static final String SLA_REPORTS_SINK = "sla-reports-sink";

  private ProcessorNames() {}
}
