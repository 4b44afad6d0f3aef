package io.slipstream.processor.query;

import java.util.List;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.QueryableStoreType;
import org.apache.kafka.streams.state.internals.StateStoreProvider;

/** A test driver's stores, as interactive queries would open them on a running client. */
record DriverStores(TopologyTestDriver driver) implements PartitionStores {
  @Override
  public <T> T store(String name, QueryableStoreType<T> type, int partition) {
    return type.create(
        new StateStoreProvider() {
          @Override
          @SuppressWarnings("unchecked") // the store type accepted it: it is a T
          public <S> List<S> stores(String storeName, QueryableStoreType<S> storeType) {
            var store = driver.getAllStateStores().get(storeName);
            return storeType.accepts(store) ? List.of((S) store) : List.of();
          }
        },
        name);
  }
}
