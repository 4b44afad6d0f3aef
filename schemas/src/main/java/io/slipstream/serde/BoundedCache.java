package io.slipstream.serde;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * A thread-safe least-recently-used cache with a fixed capacity, so a stream of distinct schemas
 * cannot grow memory without bound.
 */
final class BoundedCache<K, V> {
  private final Map<K, V> entries;

  BoundedCache(int capacity) {
    if (capacity < 1) {
      throw new IllegalArgumentException("cache capacity must be at least 1, was " + capacity);
    }
    this.entries =
        new LinkedHashMap<>(16, 0.75f, true) {
          private static final long serialVersionUID = 1L;

          @Override
          protected boolean removeEldestEntry(Map.Entry<K, V> eldest) {
            return size() > capacity;
          }
        };
  }

  synchronized V get(K key) {
    return entries.get(key);
  }

  synchronized void put(K key, V value) {
    entries.put(key, value);
  }

  /**
   * Returns the cached value or computes it outside the lock (a registry call may be slow), then
   * caches it.
   */
  V computeIfAbsent(K key, Function<K, V> loader) {
    V cached = get(key);
    if (cached != null) {
      return cached;
    }
    V loaded = loader.apply(key);
    put(key, loaded);
    return loaded;
  }

  synchronized int size() {
    return entries.size();
  }
}
