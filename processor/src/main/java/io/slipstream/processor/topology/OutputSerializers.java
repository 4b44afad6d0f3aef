package io.slipstream.processor.topology;

import io.slipstream.avro.BurnRateEvaluation;
import io.slipstream.avro.SlaPeriodReport;
import io.slipstream.avro.SliSnapshot;
import io.slipstream.avro.SloAlert;
import io.slipstream.serde.AvroSerializer;
import java.util.Map;
import org.apache.avro.generic.IndexedRecord;

/**
 * The serializers of the processor's Avro outputs, one of each for all tasks (they are thread-safe
 * and cache schema ids).
 *
 * <p>A serializer asks the registry for its schema id on first use, which for alerts may be the
 * first incident after a start. Fetching the ids at start ({@link #prefetchSchemaIds}) means a
 * registry outage later cannot hold up the first alert, and with it the whole task.
 */
public record OutputSerializers(
    AvroSerializer<SliSnapshot> snapshots,
    AvroSerializer<BurnRateEvaluation> burnRates,
    AvroSerializer<SloAlert> alerts,
    AvroSerializer<SlaPeriodReport> slaReports) {

  /** Serializers configured with {@code serdeConfig} (registry URL, subject strategy, …). */
  public static OutputSerializers configured(Map<String, ?> serdeConfig) {
    return new OutputSerializers(
        configured(new AvroSerializer<>(), serdeConfig),
        configured(new AvroSerializer<>(), serdeConfig),
        configured(new AvroSerializer<>(), serdeConfig),
        configured(new AvroSerializer<>(), serdeConfig));
  }

  private static <T extends IndexedRecord> AvroSerializer<T> configured(
      AvroSerializer<T> serializer, Map<String, ?> serdeConfig) {
    serializer.configure(serdeConfig, false);
    return serializer;
  }

  /**
   * Gets and caches the schema id of every output topic.
   *
   * @throws io.slipstream.serde.WireFormatException when the registry is unreachable or refuses a
   *     schema; ids fetched before the failure stay cached
   */
  public void prefetchSchemaIds(Topics topics) {
    snapshots.prefetchSchemaId(topics.sliSnapshots(), SliSnapshot.getClassSchema());
    burnRates.prefetchSchemaId(topics.sloBurnRates(), BurnRateEvaluation.getClassSchema());
    alerts.prefetchSchemaId(topics.sloAlerts(), SloAlert.getClassSchema());
    slaReports.prefetchSchemaId(topics.slaReports(), SlaPeriodReport.getClassSchema());
  }
}
