package io.slipstream.processor.topology;

import io.slipstream.avro.BurnRateEvaluation;
import io.slipstream.avro.SlaPeriodReport;
import io.slipstream.avro.SliSnapshot;
import io.slipstream.avro.SloAlert;
import io.slipstream.contracts.Topics;
import java.util.Map;
import org.apache.kafka.common.serialization.Serializer;

/**
 * The value serializers of the processor's Avro outputs, made by the outputs' {@link
 * io.slipstream.contracts.Topic}s, one of each for all tasks (they are thread-safe and cache schema
 * ids).
 *
 * <p>A serializer asks the registry for its schema id on first use, which for alerts may be the
 * first incident after a start. Fetching the ids at start ({@link #prefetchSchemaIds}) means a
 * registry outage later cannot hold up the first alert, and with it the whole task.
 */
public record OutputSerializers(
    Serializer<SliSnapshot> snapshots,
    Serializer<BurnRateEvaluation> burnRates,
    Serializer<SloAlert> alerts,
    Serializer<SlaPeriodReport> slaReports) {

  /**
   * The serializers of the outputs of {@code topics}, configured with {@code serdeConfig} (registry
   * URL, subject strategy, …).
   */
  public static OutputSerializers configured(Topics topics, Map<String, ?> serdeConfig) {
    return new OutputSerializers(
        topics.sliSnapshots().valueSerializer(serdeConfig),
        topics.sloBurnRates().valueSerializer(serdeConfig),
        topics.sloAlerts().valueSerializer(serdeConfig),
        topics.slaReports().valueSerializer(serdeConfig));
  }

  /**
   * Gets and caches the schema id of every output topic of {@code topics}.
   *
   * @throws io.slipstream.serde.WireFormatException when the registry is unreachable or refuses a
   *     schema; ids fetched before the failure stay cached
   */
  public void prefetchSchemaIds(Topics topics) {
    topics.sliSnapshots().prefetchValueSchemaId(snapshots);
    topics.sloBurnRates().prefetchValueSchemaId(burnRates);
    topics.sloAlerts().prefetchValueSchemaId(alerts);
    topics.slaReports().prefetchValueSchemaId(slaReports);
  }
}
