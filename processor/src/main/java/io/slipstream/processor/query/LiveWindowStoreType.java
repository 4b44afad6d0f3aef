package io.slipstream.processor.query;

import io.slipstream.processor.store.LiveWindowStore;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.streams.processor.StateStore;
import org.apache.kafka.streams.state.QueryableStoreType;
import org.apache.kafka.streams.state.internals.StateStoreProvider;

/**
 * Lets {@code KafkaStreams.store(...)} find {@link LiveWindowStore}s: the answer is the list of
 * this instance's stores of that name for its active tasks (one store when the query names a
 * partition). Reads go through {@link LiveWindowStore#fetchCommitted}, which is safe from any
 * thread.
 *
 * @param <K> key type
 * @param <V> aggregate type
 */
public final class LiveWindowStoreType<K, V>
    implements QueryableStoreType<List<LiveWindowStore<K, V>>> {

  @Override
  public boolean accepts(StateStore stateStore) {
    return stateStore instanceof LiveWindowStore;
  }

  /**
   * @throws org.apache.kafka.streams.errors.InvalidStateStoreException when the store is not open
   *     here (migrated, restoring, or this instance is not running)
   */
  @Override
  @SuppressWarnings("unchecked") // the provider hands the stores over untyped; see below
  public List<LiveWindowStore<K, V>> create(StateStoreProvider storeProvider, String storeName) {
    // The provider returns the stores themselves, typed as this type's result by an unchecked
    // cast; read them as Objects and cast each back to what it is.
    List<?> stores = storeProvider.stores(storeName, this);
    List<LiveWindowStore<K, V>> result = new ArrayList<>(stores.size());
    for (Object store : stores) {
      result.add((LiveWindowStore<K, V>) store);
    }
    return List.copyOf(result);
  }
}
