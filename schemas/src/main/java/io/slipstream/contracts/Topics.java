package io.slipstream.contracts;

import io.slipstream.avro.BurnRateEvaluation;
import io.slipstream.avro.RequestEvent;
import io.slipstream.avro.ResourceSample;
import io.slipstream.avro.SlaPeriodReport;
import io.slipstream.avro.SliSnapshot;
import io.slipstream.avro.SloAlert;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * The catalogue of Slipstream's topics: every topic any component reads or writes, each a {@link
 * Topic} bound to its key and value types and their serdes. The standard names are kebab-case
 * constants; an instance holds the names one deployment uses, all behind one prefix ({@link
 * #withPrefix}: several deployments on one cluster, or one run per test). Components that let a
 * setting rename a single topic (the gateway's {@code SLIPSTREAM_REQUEST_EVENTS_TOPIC}, the
 * bridge's {@code slipstream.alerts.topic}) start from here and {@linkplain Topic#named rename} it,
 * keeping its types.
 *
 * @param requestEvents the input of request events, keyed by service
 * @param resourceSamples the input of resource samples, keyed by service
 * @param requestEventsDlq request events the processor refused, key and value as they arrived
 * @param resourceSamplesDlq resource samples the processor refused, as they arrived
 * @param sliSnapshots each closed bucket's golden signals, keyed by service
 * @param sloDefinitions the SLOs as OpenSLO YAML, compacted: key = SLO id, tombstone = removed
 * @param sloBurnRates every evaluation of every SLO, keyed by SLO id (by instance id, {@code
 *     sloId{groupKey}}, for an instance of a grouped SLO)
 * @param sloAlerts alert transitions, keyed by SLO id (by instance id for an instance)
 * @param sloAlertsDlq alerts the Alertmanager bridge could not deliver or read, as they arrived
 * @param sloCorrections corrections in force, compacted: key = correction id, tombstone = deleted
 * @param sloCorrectionsAudit every change to a correction, append-only
 * @param slaDefinitions SLA documents, compacted: key = SLA id, tombstone = removed
 * @param slaReports one report per SLA and closed period, keyed by SLA id
 */
public record Topics(
    Topic<String, RequestEvent> requestEvents,
    Topic<String, ResourceSample> resourceSamples,
    Topic<byte[], byte[]> requestEventsDlq,
    Topic<byte[], byte[]> resourceSamplesDlq,
    Topic<String, SliSnapshot> sliSnapshots,
    Topic<String, String> sloDefinitions,
    Topic<String, BurnRateEvaluation> sloBurnRates,
    Topic<String, SloAlert> sloAlerts,
    Topic<byte[], byte[]> sloAlertsDlq,
    Topic<String, String> sloCorrections,
    Topic<String, String> sloCorrectionsAudit,
    Topic<String, String> slaDefinitions,
    Topic<String, SlaPeriodReport> slaReports) {

  public static final String REQUEST_EVENTS = "request-events";
  public static final String RESOURCE_SAMPLES = "resource-samples";
  public static final String REQUEST_EVENTS_DLQ = "request-events-dlq";
  public static final String RESOURCE_SAMPLES_DLQ = "resource-samples-dlq";
  public static final String SLI_SNAPSHOTS = "sli-snapshots";
  public static final String SLO_DEFINITIONS = "slo-definitions";
  public static final String SLO_BURN_RATES = "slo-burn-rates";
  public static final String SLO_ALERTS = "slo-alerts";

  /** Alerts the Alertmanager bridge refused or could not read, written by the bridge. */
  public static final String SLO_ALERTS_DLQ = "slo-alerts-dlq";

  /** Corrections in force, compacted: key = correction id, tombstone = deleted. */
  public static final String SLO_CORRECTIONS = "slo-corrections";

  /** Every change to a correction, append-only: who filed or deleted what, and when. */
  public static final String SLO_CORRECTIONS_AUDIT = "slo-corrections-audit";

  /** SLA definitions, compacted: key = SLA id, tombstone = removed. */
  public static final String SLA_DEFINITIONS = "sla-definitions";

  /** One report per SLA and closed period. */
  public static final String SLA_REPORTS = "sla-reports";

  /**
   * @throws IllegalArgumentException when two topics share a name: each is read or written with its
   *     own types
   */
  public Topics {
    Set<String> names = new HashSet<>();
    for (Topic<?, ?> topic :
        Arrays.asList(
            requestEvents,
            resourceSamples,
            requestEventsDlq,
            resourceSamplesDlq,
            sliSnapshots,
            sloDefinitions,
            sloBurnRates,
            sloAlerts,
            sloAlertsDlq,
            sloCorrections,
            sloCorrectionsAudit,
            slaDefinitions,
            slaReports)) {
      if (!names.add(Objects.requireNonNull(topic, "topic").name())) {
        throw new IllegalArgumentException("two topics are named " + topic.name());
      }
    }
  }

  /** The standard names. */
  public static Topics defaults() {
    return withPrefix("");
  }

  /**
   * The standard names behind {@code prefix} ({@code "staging-"} gives {@code
   * staging-request-events}, …), e.g. for several deployments on one cluster.
   */
  public static Topics withPrefix(String prefix) {
    Objects.requireNonNull(prefix, "prefix");
    Format<String> text = Format.text();
    Format<byte[]> bytes = Format.bytes();
    return new Topics(
        new Topic<>(prefix + REQUEST_EVENTS, text, Format.avro(RequestEvent.class)),
        new Topic<>(prefix + RESOURCE_SAMPLES, text, Format.avro(ResourceSample.class)),
        new Topic<>(prefix + REQUEST_EVENTS_DLQ, bytes, bytes),
        new Topic<>(prefix + RESOURCE_SAMPLES_DLQ, bytes, bytes),
        new Topic<>(prefix + SLI_SNAPSHOTS, text, Format.avro(SliSnapshot.class)),
        new Topic<>(prefix + SLO_DEFINITIONS, text, text),
        new Topic<>(prefix + SLO_BURN_RATES, text, Format.avro(BurnRateEvaluation.class)),
        new Topic<>(prefix + SLO_ALERTS, text, Format.avro(SloAlert.class)),
        new Topic<>(prefix + SLO_ALERTS_DLQ, bytes, bytes),
        new Topic<>(prefix + SLO_CORRECTIONS, text, text),
        new Topic<>(prefix + SLO_CORRECTIONS_AUDIT, text, text),
        new Topic<>(prefix + SLA_DEFINITIONS, text, text),
        new Topic<>(prefix + SLA_REPORTS, text, Format.avro(SlaPeriodReport.class)));
  }

  /** Every topic, in the order of the record's components. */
  public List<Topic<?, ?>> all() {
    return List.of(
        requestEvents,
        resourceSamples,
        requestEventsDlq,
        resourceSamplesDlq,
        sliSnapshots,
        sloDefinitions,
        sloBurnRates,
        sloAlerts,
        sloAlertsDlq,
        sloCorrections,
        sloCorrectionsAudit,
        slaDefinitions,
        slaReports);
  }
}
