package io.slipstream.processor.store;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
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
  private final Map<Slot<K>, Entry<K, V>> live = new HashMap<>();

  /**
   * How many live objects each key has, so that {@link #forEachWindow} skips scanning all live
   * objects for a key that has none (rebuilding many SLOs in turn was quadratic otherwise).
   */
  private final Map<K, Integer> liveWindowsByKey = new HashMap<>();

  /** Entries changed since the last commit; an entry's flag keeps it here once. */
  private final List<Entry<K, V>> dirty = new ArrayList<>();

  /** One window of one key. */
  public record Slot<K>(K key, long windowStart) {}

  /** A live aggregate and whether it changed since the last commit. */
  private static final class Entry<K, V> {
    final Slot<K> slot;
    final V value;
    boolean dirty;

    Entry(Slot<K> slot, V value) {
      this.slot = slot;
      this.value = value;
    }
  }

  LiveWindowStore(WindowStore<K, V> committed, int maxLiveObjects) {
    this.committed = committed;
    this.maxLiveObjects = maxLiveObjects;
  }

  /**
   * The live aggregate of {@code key} in the window starting at {@code windowStart}, loaded from
   * the persistent store or created by {@code create} when the window is new, for the caller to
   * mutate: it is written through at the next commit. One map lookup per call.
   *
   * @return the aggregate, and whether it was newly created
   */
  public Lookup<V> getOrCreate(K key, long windowStart, Supplier<V> create) {
    Slot<K> slot = new Slot<>(key, windowStart);
    Entry<K, V> entry = live.get(slot);
    boolean created = false;
    if (entry == null) {
      V value = committed.fetch(key, windowStart);
      created = value == null;
      entry = new Entry<>(slot, created ? create.get() : value);
      live.put(slot, entry);
      liveWindowsByKey.merge(key, 1, Integer::sum);
    }
    if (!entry.dirty) {
      entry.dirty = true;
      dirty.add(entry);
    }
    return new Lookup<>(entry.value, created);
  }

  /** The result of {@link #getOrCreate}. */
  public record Lookup<V>(V value, boolean created) {}

  /**
   * The aggregate of {@code key} in the window at {@code windowStart}, live or committed, or null.
   */
  public V get(K key, long windowStart) {
    Entry<K, V> entry = live.get(new Slot<>(key, windowStart));
    return entry != null ? entry.value : committed.fetch(key, windowStart);
  }

  /**
   * Drops clean live objects of windows that start before {@code windowStart}: they are closed and
   * will not change again, so they need not stay in memory. Changed objects stay until the next
   * commit.
   */
  public void evictWindowsBefore(long windowStart) {
    Iterator<Entry<K, V>> entries = live.values().iterator();
    while (entries.hasNext()) {
      Entry<K, V> entry = entries.next();
      if (entry.slot.windowStart() < windowStart && !entry.dirty) {
        entries.remove();
        liveWindowsByKey.computeIfPresent(entry.slot.key(), (k, n) -> n == 1 ? null : n - 1);
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
    if (!liveWindowsByKey.containsKey(key)) {
      windows.forEach(visitor);
      return;
    }
    live.forEach(
        (slot, entry) -> {
          if (slot.key().equals(key) && slot.windowStart() >= from && slot.windowStart() <= to) {
            windows.put(slot.windowStart(), entry.value);
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
    for (Entry<K, V> entry : dirty) {
      committed.put(entry.slot.key(), entry.value, entry.slot.windowStart());
      entry.dirty = false;
    }
    dirty.clear();
    if (live.size() > maxLiveObjects) {
      // Everything is clean now; dropping it only costs a decode when a window is touched again.
      live.clear();
      liveWindowsByKey.clear();
    }
  }

  @Override
  public void clearCache() {
    live.clear();
    liveWindowsByKey.clear();
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
    liveWindowsByKey.clear();
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
