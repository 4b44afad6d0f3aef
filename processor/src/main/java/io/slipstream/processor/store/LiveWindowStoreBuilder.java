package io.slipstream.processor.store;

import java.time.Duration;
import java.util.Map;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;
import org.apache.kafka.streams.state.WindowStore;

/**
 * Builds a {@link LiveWindowStore} over a persistent RocksDB window store with a changelog. Kafka
 * Streams' record cache is always off underneath: the live objects are the cache.
 */
public final class LiveWindowStoreBuilder<K, V> implements StoreBuilder<LiveWindowStore<K, V>> {
  private final StoreBuilder<WindowStore<K, V>> committed;
  private final int maxLiveObjects;

  /**
   * @param name the store name (kebab-case); also names its changelog topic
   * @param retention how long windows are kept; at least {@code windowSize}
   * @param windowSize the window length
   * @param maxLiveObjects objects kept in memory past a commit before they are dropped
   */
  public LiveWindowStoreBuilder(
      String name,
      Duration retention,
      Duration windowSize,
      Serde<K> keySerde,
      Serde<V> valueSerde,
      int maxLiveObjects) {
    this.committed =
        Stores.windowStoreBuilder(
                Stores.persistentWindowStore(name, retention, windowSize, false),
                keySerde,
                valueSerde)
            .withCachingDisabled();
    this.maxLiveObjects = maxLiveObjects;
  }

  @Override
  public LiveWindowStoreBuilder<K, V> withCachingEnabled() {
    throw new UnsupportedOperationException("a live window store is its own cache");
  }

  @Override
  public LiveWindowStoreBuilder<K, V> withCachingDisabled() {
    return this;
  }

  @Override
  public LiveWindowStoreBuilder<K, V> withLoggingEnabled(Map<String, String> config) {
    committed.withLoggingEnabled(config);
    return this;
  }

  @Override
  public LiveWindowStoreBuilder<K, V> withLoggingDisabled() {
    committed.withLoggingDisabled();
    return this;
  }

  @Override
  public LiveWindowStore<K, V> build() {
    return new LiveWindowStore<>(committed.build(), maxLiveObjects);
  }

  @Override
  public Map<String, String> logConfig() {
    return committed.logConfig();
  }

  @Override
  public boolean loggingEnabled() {
    return committed.loggingEnabled();
  }

  @Override
  public String name() {
    return committed.name();
  }
}
