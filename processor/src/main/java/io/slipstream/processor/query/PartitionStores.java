package io.slipstream.processor.query;

import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.state.QueryableStoreType;

/** Opens one partition's state store for reading: from a running client, or a test's driver. */
interface PartitionStores {
  <T> T store(String name, QueryableStoreType<T> type, int partition);

  /** The stores of {@code streams}, through interactive queries. */
  static PartitionStores of(KafkaStreams streams) {
    return new PartitionStores() {
      @Override
      public <T> T store(String name, QueryableStoreType<T> type, int partition) {
        return streams.store(
            StoreQueryParameters.fromNameAndType(name, type).withPartition(partition));
      }
    };
  }
}
