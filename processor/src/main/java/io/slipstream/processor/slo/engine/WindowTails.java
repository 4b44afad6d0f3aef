package io.slipstream.processor.slo.engine;

import java.util.Arrays;

/**
 * What makes each burn-rate window exact at its tick. The minute ring holds window {@code w} at
 * tick {@code t} as the minutes {@code (M − w, M]}, with {@code M} the minute of {@code t − 1}:
 * from {@code M − w + 1 min} to {@code t}. The exact window {@code [t − w, t)} also holds the end
 * of the minute {@code M − w} (its <em>tail minute</em>): the slots from {@code t − w} on. Those
 * come from the stored per-minute counts, which keep their evaluation slots.
 *
 * <p>Each window caches its tail minute's slots, read once when the tail moves into a new minute (a
 * store read per window per minute, however long the window: a 3-day window costs what a 5-minute
 * one does), and forgets it when a late event lands in that minute. About 150 bytes per window
 * while its tail minute had traffic. Not thread-safe.
 */
final class WindowTails {
  /** Reads an SLO's stored counts of one minute, or null. */
  interface MinuteReader {
    SloCounts read(long minute);
  }

  private static final long MINUTE_MS = SloRuntime.MINUTE_MS;
  private static final long NONE = Long.MIN_VALUE;

  private final long[] windowsMs;

  private final long[] cachedMinute;

  private final SloCounts[] cachedCounts;

  /** Made at the first tail with events ({@link #anyToRead}): most instances never have one. */
  WindowTails(long[] windowsMs) {
    this.windowsMs = windowsMs;
    this.cachedMinute = new long[windowsMs.length];
    this.cachedCounts = new SloCounts[windowsMs.length];
    Arrays.fill(cachedMinute, NONE);
  }

  /**
   * Whether {@link #addTo} at {@code tick} would read a tail minute: the ring says it had events.
   */
  static boolean anyToRead(long tick, long[] windowsMs, CountRing minutes) {
    long minute = Math.floorDiv(tick - 1, MINUTE_MS) * MINUTE_MS;
    if (tick - minute == MINUTE_MS) {
      return false;
    }
    for (long windowMs : windowsMs) {
      if (minutes.totalAt(minute - windowMs) != 0) {
        return true;
      }
    }
    return false;
  }

  /**
   * Adds to {@code good} and {@code total} (per window) the tail of each window at tick {@code
   * tick}, for the tail minutes that count in the windows.
   */
  void addTo(long tick, long[] good, long[] total, MinuteReader reader, SloRuntime runtime) {
    long minute = Math.floorDiv(tick - 1, MINUTE_MS) * MINUTE_MS;
    long offset = tick - minute;
    if (offset == MINUTE_MS) {
      return; // the tick is on a minute: the ring's minutes are the window exactly
    }
    for (int i = 0; i < windowsMs.length; i++) {
      long tail = minute - windowsMs[i];
      if (runtime.minutes.totalAt(tail) == 0) {
        continue; // the ring says the tail minute had no events: nothing to read
      }
      if (cachedMinute[i] != tail) {
        cachedMinute[i] = tail;
        SloCounts counts = reader.read(tail);
        cachedCounts[i] = counts == null || counts.slots == 0 ? null : counts;
      }
      SloCounts counts = cachedCounts[i];
      if (counts == null || !runtime.countsInWindows(tail)) {
        continue;
      }
      for (int s = 0; s < counts.slots; s++) {
        if (counts.slotOffsets[s] >= offset) {
          good[i] += counts.slotGood[s];
          total[i] += counts.slotTotal[s];
        }
      }
    }
  }

  /**
   * The start of the first slot of window {@code window}'s tail minute {@code minute} that is at or
   * after {@code from} and has counts, as cached by the last {@link #addTo}; {@link Long#MAX_VALUE}
   * when none has, {@link Long#MIN_VALUE} when the minute's slots are not cached.
   */
  long nextSlotWithCounts(int window, long minute, long from) {
    if (cachedMinute[window] != minute || cachedCounts[window] == null) {
      return Long.MIN_VALUE;
    }
    SloCounts counts = cachedCounts[window];
    long next = Long.MAX_VALUE;
    for (int s = 0; s < counts.slots; s++) {
      long start = minute + counts.slotOffsets[s];
      if (start >= from && start < next && counts.slotTotal[s] != 0) {
        next = start;
      }
    }
    return next;
  }

  /** Forgets the cached slots of {@code minute}: a late event has changed them. */
  void changed(long minute) {
    for (int i = 0; i < cachedMinute.length; i++) {
      if (cachedMinute[i] == minute) {
        cachedMinute[i] = NONE;
        cachedCounts[i] = null;
      }
    }
  }
}
