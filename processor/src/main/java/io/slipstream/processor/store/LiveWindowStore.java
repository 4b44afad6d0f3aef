package io.slipstream.processor.store;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import org.apache.kafka.streams.processor.StateStore;
import org.apache.kafka.streams.processor.StateStoreContext;
import org.apache.kafka.streams.state.WindowStore;
import org.apache.kafka.streams.state.WindowStoreIterator;
import org.apache.kafka.streams.state.internals.CacheFlushListener;
import org.apache.kafka.streams.state.internals.CachedStateStore;

/**
 * A window store that keeps the aggregates of open windows as live, mutable objects and writes the
 * changed ones through to a persistent, changelogged {@link WindowStore} once per commit.
 *
 * <p>Why: an aggregate holding a latency sketch costs far more to encode and decode than to update.
 * Kafka Streams' own record cache holds bytes, so every record would decode and re-encode the
 * sketch of every window it touches. Here a record updates objects in memory; each changed object
 * is encoded once per commit.
 *
 * <p>Exactly-once: Kafka Streams calls {@link #flushCache()} on every {@link CachedStateStore}
 * while it prepares a commit, before it flushes the producer and commits the transaction, so the
 * changelog records written here belong to the same transaction as the input offsets. When a task
 * is closed dirty (a failed transaction), {@link #clearCache()} drops the uncommitted objects and
 * the task restores from the changelog. {@code CachedStateStore} is an internal Kafka Streams
 * interface: the Kafka version is pinned and the topology and integration tests check that
 * committed state and changelog agree.
 *
 * <p>Reads of other threads (interactive queries) see only committed state: {@link
 * #fetchCommitted}. Everything else must be called from the owning stream thread.
 *
 * @param <K> key type
 * @param <V> the mutable aggregate type
 */
public final class LiveWindowStore<K, V> implements StateStore, CachedStateStore<K, V> {
  private final WindowStore<K, V> committed;
  private final int maxLiveObjects;
  private final Map<Slot<K>, V> live = new HashMap<>();
  private final Set<Slot<K>> dirty = new HashSet<>();

  /** One window of one key. */
  public record Slot<K>(K key, long windowStart) {}

  LiveWindowStore(WindowStore<K, V> committed, int maxLiveObjects) {
    this.committed = committed;
    this.maxLiveObjects = maxLiveObjects;
  }

  /**
   * The live aggregate of {@code key} in the window starting at {@code windowStart}, loaded from
   * the persistent store or created by {@code create} when the window is new. The caller mutates it
   * and must then call {@link #markChanged}.
   *
   * @return the aggregate, and whether it was newly created
   */
  public Lookup<V> getOrCreate(K key, long windowStart, Supplier<V> create) {
    Slot<K> slot = new Slot<>(key, windowStart);
    V value = live.get(slot);
    if (value != null) {
      return new Lookup<>(value, false);
    }
    value = committed.fetch(key, windowStart);
    boolean created = value == null;
    if (created) {
      value = create.get();
    }
    live.put(slot, value);
    return new Lookup<>(value, created);
  }

  /** The result of {@link #getOrCreate}. */
  public record Lookup<V>(V value, boolean created) {}

  /**
   * The aggregate of {@code key} in the window at {@code windowStart}, live or committed, or null.
   */
  public V get(K key, long windowStart) {
    V value = live.get(new Slot<>(key, windowStart));
    return value != null ? value : committed.fetch(key, windowStart);
  }

  /** Records that the aggregate at this slot changed, so the next commit writes it through. */
  public void markChanged(K key, long windowStart) {
    dirty.add(new Slot<>(key, windowStart));
  }

  /**
   * Drops clean live objects of windows that start before {@code windowStart}: they are closed and
   * will not change again, so they need not stay in memory. Changed objects stay until the next
   * commit.
   */
  public void evictWindowsBefore(long windowStart) {
    Iterator<Map.Entry<Slot<K>, V>> entries = live.entrySet().iterator();
    while (entries.hasNext()) {
      Slot<K> slot = entries.next().getKey();
      if (slot.windowStart() < windowStart && !dirty.contains(slot)) {
        entries.remove();
      }
    }
  }

  /**
   * Committed aggregates of {@code key} in windows starting in [{@code from}, {@code to}]; safe to
   * call from any thread. The caller closes the iterator.
   */
  public WindowStoreIterator<V> fetchCommitted(K key, long from, long to) {
    return committed.fetch(key, from, to);
  }

  /**
   * Visits, in time order, every window of {@code key} starting in [{@code from}, {@code to}]: the
   * live object where there is one, the committed value otherwise. Owning thread only; it scans the
   * live objects, so it is meant for rebuilding derived state, not for every record.
   */
  public void forEachWindow(
      K key, long from, long to, java.util.function.BiConsumer<Long, V> visitor) {
    java.util.TreeMap<Long, V> windows = new java.util.TreeMap<>();
    try (WindowStoreIterator<V> stored = committed.fetch(key, from, to)) {
      while (stored.hasNext()) {
        org.apache.kafka.streams.KeyValue<Long, V> entry = stored.next();
        windows.put(entry.key, entry.value);
      }
    }
    live.forEach(
        (slot, value) -> {
          if (slot.key().equals(key) && slot.windowStart() >= from && slot.windowStart() <= to) {
            windows.put(slot.windowStart(), value);
          }
        });
    windows.forEach(visitor);
  }

  /** Number of objects held in memory. */
  public int liveObjects() {
    return live.size();
  }

  @Override
  public void flushCache() {
    for (Slot<K> slot : dirty) {
      committed.put(slot.key(), live.get(slot), slot.windowStart());
    }
    dirty.clear();
    if (live.size() > maxLiveObjects) {
      // Everything is clean now; dropping it only costs a decode when a window is touched again.
      live.clear();
    }
  }

  @Override
  public void clearCache() {
    live.clear();
    dirty.clear();
  }

  @Override
  public boolean setFlushListener(CacheFlushListener<K, V> listener, boolean sendOldValues) {
    return false;
  }

  @Override
  public String name() {
    return committed.name();
  }

  @Override
  public void init(StateStoreContext context, StateStore root) {
    committed.init(context, root);
  }

  @Override
  public void close() {
    live.clear();
    dirty.clear();
    committed.close();
  }

  @Override
  public boolean persistent() {
    return committed.persistent();
  }

  @Override
  public boolean isOpen() {
    return committed.isOpen();
  }
}
