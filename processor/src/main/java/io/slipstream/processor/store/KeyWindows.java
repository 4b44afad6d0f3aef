package io.slipstream.processor.store;

import java.util.Arrays;

/**
 * The live windows of one key in a {@link LiveWindowStore}, sorted by window start. Records arrive
 * mostly in time order, so the newest window is checked first and a new window is usually appended;
 * anything else is a binary search. One key typically has a handful of open windows, but a key
 * whose past windows were loaded for a rebuild may have thousands, which is why this is not a
 * linear list.
 *
 * @param <V> the mutable aggregate type
 */
final class KeyWindows<V> {
  // Room for one window at first: most keys of a store with many keys (the instances of a grouped
  // SLO) have one open window, and the arrays double when a key has more.
  private long[] starts = new long[1];
  private Object[] entries = new Object[1];
  private int size;

  /** A live aggregate of one window and whether it changed since the last commit. */
  static final class Entry<K, V> {
    final K key;
    final long windowStart;
    V value;
    boolean dirty;

    Entry(K key, long windowStart, V value) {
      this.key = key;
      this.windowStart = windowStart;
      this.value = value;
    }
  }

  /** The entry of the window starting at {@code windowStart}, or null. */
  @SuppressWarnings("unchecked") // entries holds only this store's Entry<K, V>; arrays are untyped
  <K> Entry<K, V> find(long windowStart) {
    if (size > 0 && starts[size - 1] == windowStart) {
      return (Entry<K, V>) entries[size - 1];
    }
    int index = Arrays.binarySearch(starts, 0, size, windowStart);
    return index >= 0 ? (Entry<K, V>) entries[index] : null;
  }

  /** Adds an entry for a window that has none yet. */
  void add(Entry<?, V> entry) {
    int index =
        size == 0 || starts[size - 1] < entry.windowStart
            ? size
            : -Arrays.binarySearch(starts, 0, size, entry.windowStart) - 1;
    if (size == starts.length) {
      starts = Arrays.copyOf(starts, size * 2);
      entries = Arrays.copyOf(entries, size * 2);
    }
    System.arraycopy(starts, index, starts, index + 1, size - index);
    System.arraycopy(entries, index, entries, index + 1, size - index);
    starts[index] = entry.windowStart;
    entries[index] = entry;
    size++;
  }

  /**
   * Drops the clean entries of windows starting before {@code windowStart}; changed ones stay until
   * they are committed.
   *
   * @return whether no entry is left
   */
  boolean evictCleanBefore(long windowStart) {
    int kept = 0;
    for (int i = 0; i < size; i++) {
      Entry<?, ?> entry = (Entry<?, ?>) entries[i];
      if (starts[i] >= windowStart || entry.dirty) {
        starts[kept] = starts[i];
        entries[kept] = entry;
        kept++;
      }
    }
    Arrays.fill(entries, kept, size, null);
    size = kept;
    return size == 0;
  }

  int size() {
    return size;
  }

  /** Visits the entries of windows starting in [{@code from}, {@code to}], in time order. */
  @SuppressWarnings("unchecked") // entries holds only this store's Entry<K, V>; arrays are untyped
  <K> void forEachBetween(long from, long to, java.util.function.Consumer<Entry<K, V>> visitor) {
    for (int i = 0; i < size; i++) {
      if (starts[i] >= from && starts[i] <= to) {
        visitor.accept((Entry<K, V>) entries[i]);
      }
    }
  }
}
