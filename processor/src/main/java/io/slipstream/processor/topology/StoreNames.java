package io.slipstream.processor.topology;

/** Names of the state stores; each also names its changelog topic. */
public final class StoreNames {
  /**
   * Request aggregates per service and per operation, one window per base bucket (default 10 s).
   */
  public static final String SLI_BUCKETS = "sli-buckets-store";

  /** The same aggregates rolled up per minute, so hour-long questions merge 60 objects, not 360. */
  public static final String SLI_MINUTE_ROLLUPS = "sli-minute-rollups-store";

  /** The same aggregates rolled up per hour, so day- and month-long questions stay cheap. */
  public static final String SLI_HOUR_ROLLUPS = "sli-hour-rollups-store";

  /** Saturation aggregates per service instance and per service, per base bucket. */
  public static final String SATURATION_BUCKETS = "saturation-buckets-store";

  /** Base buckets not yet published, ordered by when they close. */
  public static final String OPEN_BUCKETS = "open-buckets-store";

  /** The task's event-time watermark, so lateness survives a restart. */
  public static final String WATERMARK = "event-time-watermark-store";

  /** Good and total events (or slice inputs) per SLO per minute. */
  public static final String SLO_MINUTE_COUNTS = "slo-minute-counts-store";

  /**
   * Good and total events (or slices) per SLO per minute, one record per hour, kept for the whole
   * period so corrections apply exactly however far back in the period they reach.
   */
  public static final String SLO_PERIOD_MINUTE_COUNTS = "slo-period-minute-counts-store";

  /** The corrections in force (a global store, on every instance). */
  public static final String SLO_CORRECTIONS = "slo-corrections-store";

  /** The SLA definitions in force (a global store, on every instance). */
  public static final String SLA_DEFINITIONS = "sla-definitions-store";

  /** Page and ticket incidents per SLO over the period, for SLA reports. */
  public static final String SLO_INCIDENTS = "slo-incidents-store";

  /** Per SLA, the start of the period in progress when last looked at: what was reported. */
  public static final String SLA_REPORT_PROGRESS = "sla-report-progress-store";

  /** Alert state per (SLO, severity). */
  public static final String SLO_ALERT_STATE = "slo-alert-state-store";

  /** Where each SLO's bad events came from, per evaluation slot with bad events: a breakdown. */
  public static final String SLO_BREAKDOWN_MINUTES = "slo-breakdown-minutes-store";

  /** Per SLO, the event time from which its figures hold every event. */
  public static final String SLO_COVERAGE = "slo-coverage-store";

  /** The latest evaluation of each SLO: burn rates, SLI and budget, for queries. */
  public static final String SLO_STATUS = "slo-status-store";

  /** The SLO definitions in force (a global store, on every instance). */
  public static final String SLO_DEFINITIONS = "slo-definitions-store";

  private StoreNames() {}
}
