package io.slipstream.processor.topology;

import io.slipstream.avro.RequestEvent;
import io.slipstream.avro.ResourceSample;
import io.slipstream.contracts.Topics;
import io.slipstream.processor.aggregation.RequestBucketCodec;
import io.slipstream.processor.aggregation.RollupBucketCodec;
import io.slipstream.processor.aggregation.SaturationBucketCodec;
import io.slipstream.processor.key.TwoPartKeySerde;
import io.slipstream.processor.metrics.RejectionCounts;
import io.slipstream.processor.slo.breakdown.BreakdownCodec;
import io.slipstream.processor.slo.corrections.CorrectionDocument;
import io.slipstream.processor.slo.corrections.CorrectionRegistry;
import io.slipstream.processor.slo.corrections.SloCorrection;
import io.slipstream.processor.slo.definitions.SloDefinitionLoader;
import io.slipstream.processor.slo.documents.KeyedDocumentLoader;
import io.slipstream.processor.slo.engine.AlertStates;
import io.slipstream.processor.slo.engine.MinuteCountsCodec;
import io.slipstream.processor.slo.engine.SloCountsCodec;
import io.slipstream.processor.slo.engine.SloRegistry;
import io.slipstream.processor.slo.sla.IncidentCodec;
import io.slipstream.processor.slo.sla.SlaDefinition;
import io.slipstream.processor.slo.sla.SlaDocument;
import io.slipstream.processor.slo.sla.SlaRegistry;
import io.slipstream.processor.store.LiveWindowStoreBuilder;
import io.slipstream.processor.validation.RequestEventValidator;
import io.slipstream.processor.validation.ResourceSampleValidator;
import java.time.Duration;
import java.util.Map;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.state.Stores;

/**
 * Builds Slipstream's topology: a pure function of the settings, the topic names and the serde
 * configuration. {@code main} only wires the result to Kafka.
 *
 * <pre>
 * request-events ───▶ request-events-decoder ───┐
 *                        └─▶ request-events-dlq  ├─▶ sli-aggregator ──▶ sli-snapshots
 * resource-samples ─▶ resource-samples-decoder ─┘      │   └─▶ *-dlq (beyond retention)
 *                        └─▶ resource-samples-dlq       │ SloInput: Request, Sample, Tick
 *                                                       ▼
 *        slo-definitions, slo-corrections,        slo-accounting ──▶ slo-burn-rates
 *        sla-definitions (global stores) ··▶          ├──▶ slo-alerts
 *                                                     └──▶ sla-reports
 * </pre>
 *
 * <p>Three stages, each a processor with its own stores: the decoders (decode and validate, refused
 * records to the dead-letter topics); {@link SliAggregator} (event-time progress, the base buckets,
 * minute and hour rollups and saturation buckets, the open-bucket index; publishes snapshots); and
 * {@link SloAccounting} (the SLO minute and period counts, alert state, status, coverage, SLA
 * incidents and report progress; publishes evaluations, alerts and SLA reports). The aggregation
 * hands the SLO stage typed {@link SloInput} records; the SLO stage reads two of the aggregation's
 * stores, the base buckets and the stored watermark, and writes none of them.
 *
 * <p>Both inputs must be keyed by service and have the same number of partitions, so that one task
 * owns all of a service's events, samples, buckets and SLOs.
 */
public final class SlipstreamTopology {
  private SlipstreamTopology() {}

  /**
   * The topology with default SLO settings and no SLOs beyond those arriving on the definitions
   * topic.
   */
  public static Topology build(
      SliSettings settings, Topics topics, Map<String, ?> serdeConfig, RejectionCounts rejections) {
    return build(
        settings,
        SloSettings.defaults(),
        topics,
        serdeConfig,
        new SloRegistry(),
        new CorrectionRegistry(),
        new SlaRegistry(),
        rejections);
  }

  /**
   * @param serdeConfig schema-registry configuration for the Avro serdes ({@code
   *     schema.registry.url}, …)
   * @param registry filled from the {@code slo-definitions} topic; shared by the instance's threads
   * @param corrections filled from the {@code slo-corrections} topic; shared likewise
   */
  public static Topology build(
      SliSettings settings,
      SloSettings sloSettings,
      Topics topics,
      Map<String, ?> serdeConfig,
      SloRegistry registry,
      CorrectionRegistry corrections,
      SlaRegistry slas,
      RejectionCounts rejections) {
    return build(
        settings,
        sloSettings,
        topics,
        serdeConfig,
        OutputSerializers.configured(topics, serdeConfig),
        registry,
        corrections,
        slas,
        rejections,
        InputLag.ALWAYS_CAUGHT_UP);
  }

  /**
   * As {@link #build(SliSettings, SloSettings, Topics, Map, SloRegistry, CorrectionRegistry,
   * SlaRegistry, RejectionCounts)}, writing the outputs with {@code outputs}, whose schema ids the
   * caller may fetch ahead of need.
   *
   * @param inputLag tells which input partitions are caught up: only those follow the wall clock
   *     while idle
   */
  public static Topology build(
      SliSettings settings,
      SloSettings sloSettings,
      Topics topics,
      Map<String, ?> serdeConfig,
      OutputSerializers outputs,
      SloRegistry registry,
      CorrectionRegistry corrections,
      SlaRegistry slas,
      RejectionCounts rejections,
      InputLag inputLag) {
    RequestEventValidator requestValidator = new RequestEventValidator(settings.limits());
    ResourceSampleValidator sampleValidator = new ResourceSampleValidator(settings.limits());
    // One deserializer of each input for all tasks: they are thread-safe and cache the writer
    // schemas.
    Deserializer<RequestEvent> requestDeserializer =
        topics.requestEvents().valueDeserializer(serdeConfig);
    Deserializer<ResourceSample> sampleDeserializer =
        topics.resourceSamples().valueDeserializer(serdeConfig);

    Topology topology = new Topology();
    // One evaluation's record and status entry share one encoding.
    EncodedEvaluations evaluations = new EncodedEvaluations();
    // The inputs are read as raw bytes and decoded by the decoders with their topics'
    // deserializers: a record that does not decode goes to the dead letters as it arrived.
    topology.addSource(
        ProcessorNames.REQUEST_EVENTS_SOURCE,
        new ByteArrayDeserializer(),
        new ByteArrayDeserializer(),
        topics.requestEvents().name());
    topology.addSource(
        ProcessorNames.RESOURCE_SAMPLES_SOURCE,
        new ByteArrayDeserializer(),
        new ByteArrayDeserializer(),
        topics.resourceSamples().name());

    topology.addProcessor(
        ProcessorNames.REQUEST_EVENTS_DECODER,
        () ->
            new DecodingProcessor<RequestEvent>(
                requestDeserializer,
                requestValidator::validate,
                RequestEvent::getService,
                event -> event.getTimestamp().toEpochMilli(),
                ProcessorNames.SLI_AGGREGATOR,
                ProcessorNames.REQUEST_EVENTS_DLQ_SINK,
                rejections),
        ProcessorNames.REQUEST_EVENTS_SOURCE);
    topology.addProcessor(
        ProcessorNames.RESOURCE_SAMPLES_DECODER,
        () ->
            new DecodingProcessor<ResourceSample>(
                sampleDeserializer,
                sampleValidator::validate,
                ResourceSample::getService,
                sample -> sample.getTimestamp().toEpochMilli(),
                ProcessorNames.SLI_AGGREGATOR,
                ProcessorNames.RESOURCE_SAMPLES_DLQ_SINK,
                rejections),
        ProcessorNames.RESOURCE_SAMPLES_SOURCE);
    topology.addProcessor(
        ProcessorNames.SLI_AGGREGATOR,
        () -> new SliAggregator(settings, sloSettings, topics, rejections, inputLag),
        ProcessorNames.REQUEST_EVENTS_DECODER,
        ProcessorNames.RESOURCE_SAMPLES_DECODER);
    topology.addProcessor(
        ProcessorNames.SLO_ACCOUNTING,
        () -> new SloAccounting(settings, sloSettings, registry, corrections, slas),
        ProcessorNames.SLI_AGGREGATOR);

    topology.addSink(
        ProcessorNames.REQUEST_EVENTS_DLQ_SINK,
        topics.requestEventsDlq().name(),
        topics.requestEventsDlq().keySerializer(serdeConfig),
        topics.requestEventsDlq().valueSerializer(serdeConfig),
        ProcessorNames.REQUEST_EVENTS_DECODER,
        ProcessorNames.SLI_AGGREGATOR);
    topology.addSink(
        ProcessorNames.RESOURCE_SAMPLES_DLQ_SINK,
        topics.resourceSamplesDlq().name(),
        topics.resourceSamplesDlq().keySerializer(serdeConfig),
        topics.resourceSamplesDlq().valueSerializer(serdeConfig),
        ProcessorNames.RESOURCE_SAMPLES_DECODER,
        ProcessorNames.SLI_AGGREGATOR);
    topology.addSink(
        ProcessorNames.SLI_SNAPSHOTS_SINK,
        topics.sliSnapshots().name(),
        topics.sliSnapshots().keySerializer(serdeConfig),
        outputs.snapshots(),
        ProcessorNames.SLI_AGGREGATOR);

    topology.addSink(
        ProcessorNames.SLO_BURN_RATES_SINK,
        topics.sloBurnRates().name(),
        topics.sloBurnRates().keySerializer(serdeConfig),
        evaluations.recordSerializer(outputs.burnRates()),
        ProcessorNames.SLO_ACCOUNTING);
    topology.addSink(
        ProcessorNames.SLA_REPORTS_SINK,
        topics.slaReports().name(),
        topics.slaReports().keySerializer(serdeConfig),
        outputs.slaReports(),
        ProcessorNames.SLO_ACCOUNTING);
    topology.addSink(
        ProcessorNames.SLO_ALERTS_SINK,
        topics.sloAlerts().name(),
        topics.sloAlerts().keySerializer(serdeConfig),
        outputs.alerts(),
        ProcessorNames.SLO_ACCOUNTING);

    addStores(topology, settings);
    addSloStores(topology, sloSettings, evaluations);
    // Every instance holds every definition: a task must know the SLOs of each service it owns.
    topology.addGlobalStore(
        Stores.keyValueStoreBuilder(
                Stores.persistentKeyValueStore(StoreNames.SLO_DEFINITIONS),
                Serdes.String(),
                Serdes.String())
            .withLoggingDisabled(),
        ProcessorNames.SLO_DEFINITIONS_SOURCE,
        topics.sloDefinitions().keyDeserializer(serdeConfig),
        topics.sloDefinitions().valueDeserializer(serdeConfig),
        topics.sloDefinitions().name(),
        ProcessorNames.SLO_DEFINITIONS_LOADER,
        () -> new SloDefinitionLoader(registry, StoreNames.SLO_DEFINITIONS));
    topology.addGlobalStore(
        Stores.keyValueStoreBuilder(
                Stores.persistentKeyValueStore(StoreNames.SLO_CORRECTIONS),
                Serdes.String(),
                Serdes.String())
            .withLoggingDisabled(),
        ProcessorNames.SLO_CORRECTIONS_SOURCE,
        topics.sloCorrections().keyDeserializer(serdeConfig),
        topics.sloCorrections().valueDeserializer(serdeConfig),
        topics.sloCorrections().name(),
        ProcessorNames.SLO_CORRECTIONS_LOADER,
        () ->
            new KeyedDocumentLoader<>(
                "correction",
                StoreNames.SLO_CORRECTIONS,
                CorrectionDocument::read,
                SloCorrection::id,
                corrections::put,
                corrections::remove));
    topology.addGlobalStore(
        Stores.keyValueStoreBuilder(
                Stores.persistentKeyValueStore(StoreNames.SLA_DEFINITIONS),
                Serdes.String(),
                Serdes.String())
            .withLoggingDisabled(),
        ProcessorNames.SLA_DEFINITIONS_SOURCE,
        topics.slaDefinitions().keyDeserializer(serdeConfig),
        topics.slaDefinitions().valueDeserializer(serdeConfig),
        topics.slaDefinitions().name(),
        ProcessorNames.SLA_DEFINITIONS_LOADER,
        () ->
            new KeyedDocumentLoader<>(
                "SLA",
                StoreNames.SLA_DEFINITIONS,
                SlaDocument::read,
                SlaDefinition::id,
                slas::put,
                slas::remove));
    return topology;
  }

  private static void addStores(Topology topology, SliSettings settings) {
    RequestBucketCodec requestBuckets = new RequestBucketCodec();
    RollupBucketCodec rollups = new RollupBucketCodec();
    topology.addStateStore(
        new LiveWindowStoreBuilder<>(
            StoreNames.SLI_BUCKETS,
            settings.bucketRetention(),
            settings.bucketSize(),
            TwoPartKeySerde.sliKeys(),
            requestBuckets,
            settings.maxLiveObjects()),
        ProcessorNames.SLI_AGGREGATOR,
        // Read by the SLO stage: where a new SLO starts, the failed requests an alert names.
        ProcessorNames.SLO_ACCOUNTING);
    topology.addStateStore(
        new LiveWindowStoreBuilder<>(
            StoreNames.SLI_MINUTE_ROLLUPS,
            settings.minuteRetention(),
            SliSettings.MINUTE,
            TwoPartKeySerde.sliKeys(),
            rollups,
            settings.maxLiveObjects()),
        ProcessorNames.SLI_AGGREGATOR);
    topology.addStateStore(
        new LiveWindowStoreBuilder<>(
            StoreNames.SLI_HOUR_ROLLUPS,
            settings.hourRetention(),
            SliSettings.HOUR,
            TwoPartKeySerde.sliKeys(),
            rollups,
            settings.maxLiveObjects()),
        ProcessorNames.SLI_AGGREGATOR);
    topology.addStateStore(
        new LiveWindowStoreBuilder<>(
            StoreNames.SATURATION_BUCKETS,
            settings.bucketRetention(),
            settings.bucketSize(),
            TwoPartKeySerde.instanceKeys(),
            new SaturationBucketCodec(),
            settings.maxLiveObjects()),
        ProcessorNames.SLI_AGGREGATOR);
    topology.addStateStore(
        Stores.keyValueStoreBuilder(
            Stores.persistentKeyValueStore(StoreNames.OPEN_BUCKETS),
            Serdes.Bytes(),
            Serdes.ByteArray()),
        ProcessorNames.SLI_AGGREGATOR);
    topology.addStateStore(
        Stores.keyValueStoreBuilder(
            Stores.persistentKeyValueStore(StoreNames.WATERMARK), Serdes.Bytes(), Serdes.Long()),
        ProcessorNames.SLI_AGGREGATOR,
        // Read by the SLO stage when it restores its accounting at the stored watermark.
        ProcessorNames.SLO_ACCOUNTING);
  }

  /** The breakdowns' window: the evaluation interval, at most a minute. */
  private static Duration breakdownSlot(SloSettings sloSettings) {
    Duration interval = sloSettings.evaluationInterval();
    return interval.compareTo(Duration.ofMinutes(1)) < 0 ? interval : Duration.ofMinutes(1);
  }

  private static void addSloStores(
      Topology topology, SloSettings sloSettings, EncodedEvaluations evaluations) {
    topology.addStateStore(
        Stores.keyValueStoreBuilder(
            Stores.persistentKeyValueStore(StoreNames.SLO_STATUS),
            Serdes.String(),
            evaluations.storeSerde()),
        ProcessorNames.SLO_ACCOUNTING);
    SloCountsCodec counts = new SloCountsCodec();
    topology.addStateStore(
        new LiveWindowStoreBuilder<>(
            StoreNames.SLO_MINUTE_COUNTS,
            sloSettings.minuteRetention(),
            Duration.ofMinutes(1),
            Serdes.String(),
            counts,
            200_000),
        ProcessorNames.SLO_ACCOUNTING);
    topology.addStateStore(
        new LiveWindowStoreBuilder<>(
            StoreNames.SLO_PERIOD_MINUTE_COUNTS,
            sloSettings.hourRetention(),
            Duration.ofHours(1),
            Serdes.String(),
            new MinuteCountsCodec(),
            200_000),
        ProcessorNames.SLO_ACCOUNTING);
    topology.addStateStore(
        new LiveWindowStoreBuilder<>(
            StoreNames.SLO_BREAKDOWN_MINUTES,
            sloSettings.minuteRetention(),
            breakdownSlot(sloSettings),
            Serdes.String(),
            new BreakdownCodec(),
            // A minute's breakdown can take tens of kB: few stay in memory (see evictClosed).
            5_000),
        ProcessorNames.SLO_ACCOUNTING);
    topology.addStateStore(
        Stores.keyValueStoreBuilder(
            Stores.persistentKeyValueStore(StoreNames.SLO_INCIDENTS),
            Serdes.String(),
            new IncidentCodec()),
        ProcessorNames.SLO_ACCOUNTING);
    topology.addStateStore(
        Stores.keyValueStoreBuilder(
            Stores.persistentKeyValueStore(StoreNames.SLA_REPORT_PROGRESS),
            Serdes.String(),
            Serdes.Long()),
        ProcessorNames.SLO_ACCOUNTING);
    topology.addStateStore(
        Stores.keyValueStoreBuilder(
            Stores.persistentKeyValueStore(StoreNames.SLO_ALERT_STATE),
            Serdes.String(),
            AlertStates.serde()),
        ProcessorNames.SLO_ACCOUNTING);
    topology.addStateStore(
        Stores.keyValueStoreBuilder(
            Stores.persistentKeyValueStore(StoreNames.SLO_COVERAGE),
            Serdes.String(),
            Serdes.Long()),
        ProcessorNames.SLO_ACCOUNTING);
  }
}
