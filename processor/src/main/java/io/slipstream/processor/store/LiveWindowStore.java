package io.slipstream.processor.store;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
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

  /**
   * The live objects, by key and then by window: one hash lookup per update, on the key alone, and
   * no per-update allocation of a (key, window) pair.
   */
  private final Map<K, KeyWindows<V>> live = new HashMap<>();

  private int liveObjects;

  /**
   * The keys of the live objects by window start, so that dropping closed windows visits only the
   * keys that have one instead of every key: with many keys (the instances of a grouped SLO) a pass
   * over all of them at every commit costs more than the work it finds. A key is listed once per
   * live window; a list goes when its windows are dropped.
   */
  private final TreeMap<Long, List<K>> keysByWindowStart = new TreeMap<>();

  /** Windows starting before this are dropped at the next commit; MIN_VALUE: none asked. */
  private long evictBefore = Long.MIN_VALUE;

  /** Entries changed since the last commit; an entry's flag keeps it here once. */
  private final List<KeyWindows.Entry<K, V>> dirty = new ArrayList<>();

  /** The keys whose values are derived from others' ({@link #deriveKeys}); null: none. */
  private Derivation<K> derivation;

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
    return getOrCreate(key, windowStart, create, true);
  }

  /**
   * As {@link #getOrCreate(Object, long, Supplier)}, for a window the caller knows the persistent
   * store does not hold unless {@code mayBeStored}: a new window then costs no read of the store,
   * which for a key with sparse events (an instance of a grouped SLO) is a read per event that
   * finds nothing.
   */
  public Lookup<V> getOrCreate(K key, long windowStart, Supplier<V> create, boolean mayBeStored) {
    KeyWindows<V> windows = windowsOf(key);
    KeyWindows.Entry<K, V> entry = windows.find(windowStart);
    boolean created = false;
    if (entry == null) {
      V value = mayBeStored ? committed.fetch(key, windowStart) : null;
      created = value == null;
      entry = addEntry(windows, key, windowStart, created ? create.get() : value);
    }
    return new Lookup<>(entry.value, created, markDirty(entry));
  }

  /**
   * The result of {@link #getOrCreate}.
   *
   * @param created whether the window is new
   * @param firstChange whether this is the window's first change since the last commit
   */
  public record Lookup<V>(V value, boolean created, boolean firstChange) {}

  /**
   * Makes {@code value} the aggregate of {@code key} in the window at {@code windowStart}, in place
   * of whatever it had; written through at the next commit.
   */
  public void put(K key, long windowStart, V value) {
    KeyWindows<V> windows = windowsOf(key);
    KeyWindows.Entry<K, V> entry = windows.find(windowStart);
    if (entry == null) {
      entry = addEntry(windows, key, windowStart, value);
    } else {
      entry.value = value;
    }
    markDirty(entry);
  }

  private KeyWindows<V> windowsOf(K key) {
    KeyWindows<V> windows = live.get(key);
    if (windows == null) {
      windows = new KeyWindows<>();
      live.put(key, windows);
    }
    return windows;
  }

  private KeyWindows.Entry<K, V> addEntry(KeyWindows<V> windows, K key, long windowStart, V value) {
    KeyWindows.Entry<K, V> entry = new KeyWindows.Entry<>(key, windowStart, value);
    windows.add(entry);
    keysByWindowStart.computeIfAbsent(windowStart, start -> new ArrayList<>()).add(key);
    liveObjects++;
    return entry;
  }

  /** Lists {@code entry} for the next commit; returns whether it was clean until now. */
  private boolean markDirty(KeyWindows.Entry<K, V> entry) {
    if (entry.dirty) {
      return false;
    }
    entry.dirty = true;
    dirty.add(entry);
    return true;
  }

  /**
   * Keys whose values the store's owner computes from other keys' values and writes with {@link
   * #put}, bringing them up to date only when they are read or committed.
   */
  public interface Derivation<K> {
    /** Whether the values of {@code key} are derived. */
    boolean derives(K key);

    /**
     * Brings the derived values of {@code key} in windows starting in [{@code from}, {@code to}] up
     * to date: they are about to be read.
     */
    void beforeRead(K key, long from, long to);

    /** Brings every out-of-date derived value up to date: the store is about to commit. */
    void beforeCommit();
  }

  /**
   * Declares derived keys: the store asks {@code derivation} to bring them up to date before such a
   * key is read here ({@link #get}, {@link #forEachWindow}) and before each commit, so readers and
   * the changelog never see an out-of-date derived value. Reads of other threads see committed
   * state, which was brought up to date before it was committed.
   */
  public void deriveKeys(Derivation<K> derivation) {
    this.derivation = derivation;
  }

  private void bringUpToDate(K key, long from, long to) {
    if (derivation != null && derivation.derives(key)) {
      derivation.beforeRead(key, from, to);
    }
  }

  /**
   * The aggregate of {@code key} in the window at {@code windowStart}, live or committed, or null.
   */
  public V get(K key, long windowStart) {
    bringUpToDate(key, windowStart, windowStart);
    KeyWindows<V> windows = live.get(key);
    KeyWindows.Entry<K, V> entry = windows == null ? null : windows.find(windowStart);
    return entry != null ? entry.value : committed.fetch(key, windowStart);
  }

  /**
   * Drops the live objects of windows that start before {@code windowStart}: they are closed and
   * will not change again, so they need not stay in memory. They go right after the next commit
   * ({@link #flushCache()}), the only moment objects become clean: a pass over every key at each
   * call finds almost nothing before then (the windows that just closed changed since the last
   * commit), and where event time runs fast (a replay, a backlog) many windows close per commit, so
   * passing once per commit instead of once per call saves a scan of every key per closed window.
   * Reads are the same either way: a window not in memory is read from the store.
   */
  public void evictWindowsBefore(long windowStart) {
    evictBefore = Math.max(evictBefore, windowStart);
  }

  private void evictCleanBefore(long windowStart) {
    SortedMap<Long, List<K>> closed = keysByWindowStart.headMap(windowStart);
    for (List<K> keys : closed.values()) {
      for (K key : keys) {
        KeyWindows<V> windows = live.get(key);
        if (windows == null) {
          continue; // listed for another window, already dropped
        }
        int before = windows.size();
        boolean empty = windows.evictCleanBefore(windowStart);
        liveObjects -= before - windows.size();
        if (empty) {
          live.remove(key);
        }
      }
    }
    closed.clear();
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
    bringUpToDate(key, from, to);
    java.util.TreeMap<Long, V> windows = new java.util.TreeMap<>();
    try (WindowStoreIterator<V> stored = committed.fetch(key, from, to)) {
      while (stored.hasNext()) {
        org.apache.kafka.streams.KeyValue<Long, V> entry = stored.next();
        windows.put(entry.key, entry.value);
      }
    }
    KeyWindows<V> liveWindows = live.get(key);
    if (liveWindows != null) {
      liveWindows.<K>forEachBetween(from, to, entry -> windows.put(entry.windowStart, entry.value));
    }
    windows.forEach(visitor);
  }

  /** Number of objects held in memory. */
  public int liveObjects() {
    return liveObjects;
  }

  @Override
  public void flushCache() {
    if (derivation != null) {
      derivation.beforeCommit();
    }
    for (KeyWindows.Entry<K, V> entry : dirty) {
      committed.put(entry.key, entry.value, entry.windowStart);
      entry.dirty = false;
    }
    dirty.clear();
    if (liveObjects > maxLiveObjects) {
      // Everything is clean now; dropping it only costs a decode when a window is touched again.
      live.clear();
      keysByWindowStart.clear();
      liveObjects = 0;
    } else if (evictBefore != Long.MIN_VALUE) {
      evictCleanBefore(evictBefore);
    }
    evictBefore = Long.MIN_VALUE;
  }

  @Override
  public void clearCache() {
    live.clear();
    keysByWindowStart.clear();
    liveObjects = 0;
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
    liveObjects = 0;
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
