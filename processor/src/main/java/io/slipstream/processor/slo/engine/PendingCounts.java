package io.slipstream.processor.slo.engine;

import java.util.Iterator;
import java.util.Map;
import java.util.TreeMap;

/**
 * Good and total counts of events at or after the SLO's last evaluation tick, per evaluation slot,
 * waiting for the tick that passes them. An evaluation at tick {@code t} counts exactly the events
 * before {@code t}, whatever arrived ahead of it, so results do not depend on how far one input ran
 * ahead of another.
 *
 * <p>Nearly every event lands in the slot just after the last tick: the last slot used is kept at
 * hand, so that costs one comparison. While only one slot is pending (an instance of a grouped SLO
 * with an event since the last tick) it is the only thing kept: no sorted map, whose entries would
 * take a hundred bytes of every such instance. Not thread-safe.
 */
final class PendingCounts {
  private final long slotMs;

  /** Null while at most one slot is pending: that one is {@link #lastSlot}. */
  private TreeMap<Long, long[]> slots;

  private long lastSlot = Long.MIN_VALUE;

  /** Good and total of {@link #lastSlot}; null when it is not pending. */
  private long[] lastCounts;

  /** Receives drained counts: the slot's start and its good and total counts. */
  interface Sink {
    void accept(long slotStart, long good, long total);
  }

  /**
   * @param slotMs the evaluation interval: ticks fall on multiples of it
   */
  PendingCounts(long slotMs) {
    this.slotMs = slotMs;
  }

  void add(long time, long good, long total) {
    long slot = Math.floorDiv(time, slotMs) * slotMs;
    if (slot != lastSlot || lastCounts == null) {
      if (slots == null && lastCounts != null) {
        // A second slot: from here on the slots are kept sorted.
        slots = new TreeMap<>();
        slots.put(lastSlot, lastCounts);
      }
      lastCounts = slots == null ? new long[2] : slots.computeIfAbsent(slot, start -> new long[2]);
      lastSlot = slot;
    }
    lastCounts[0] += good;
    lastCounts[1] += total;
  }

  /** Hands every slot that starts before {@code before} to {@code sink}, in time order. */
  void drainBefore(long before, Sink sink) {
    if (slots == null) {
      if (lastCounts != null && lastSlot < before) {
        sink.accept(lastSlot, lastCounts[0], lastCounts[1]);
        lastCounts = null;
      }
      return;
    }
    Iterator<Map.Entry<Long, long[]>> entries = slots.entrySet().iterator();
    while (entries.hasNext()) {
      Map.Entry<Long, long[]> entry = entries.next();
      if (entry.getKey() >= before) {
        break;
      }
      sink.accept(entry.getKey(), entry.getValue()[0], entry.getValue()[1]);
      entries.remove();
      if (entry.getKey() == lastSlot) {
        lastCounts = null;
      }
    }
    if (slots.isEmpty()) {
      slots = null;
    }
  }

  boolean isEmpty() {
    return slots == null ? lastCounts == null : slots.isEmpty();
  }
}
