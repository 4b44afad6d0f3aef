package io.slipstream.processor.topology;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The event-time progress of one task, per input partition (request events and resource samples
 * separately), and the task's watermark derived from it.
 *
 * <p>Each input's progress is the latest event time it delivered. The watermark is the
 * <em>minimum</em> over the inputs that have delivered anything, so one input read ahead of another
 * (a backlog drained topic by topic after a restart, a producer behind the others) never makes the
 * other's events late; it never goes backwards. An input that has delivered nothing holds the
 * watermark back while its consumer reports a backlog ({@link InputLag}): its records are on their
 * way (an input that never receives anything, or whose lag is not known yet, does not hold it). An
 * input that has been idle for a while and is known to be caught up lets its progress follow the
 * wall clock, so that a silent service's windows keep sliding; an input with a backlog never does.
 *
 * <p>Holding back is bounded: the watermark never trails the furthest input by more than the
 * maximum hold. Everything it holds open stays in memory, so an input a month behind (one topic of
 * a replay produced whole before the other) must not hold a month open; its events arrive late
 * instead, and late events still count.
 *
 * <p>Progress is kept in a changelogged store, so a restarted task holds back its watermark for the
 * input whose backlog has not arrived yet. Not thread-safe: the owning stream thread only.
 */
final class EventTimeProgress {
  static final long NONE = Long.MIN_VALUE;
  private static final byte INPUT_PREFIX = 'p';

  private final KeyValueStore<Bytes, Long> store;
  private final InputLag lag;
  private final long maxHoldMs;
  private final List<Input> inputs = new ArrayList<>(2);
  private long watermark;

  /** The earliest event time delivered since this task started. */
  private long earliest = Long.MAX_VALUE;

  /** One input partition's progress. */
  private static final class Input {
    final String topic;
    final int partition;
    final Bytes key;
    long progress = NONE;
    long lastRecordWallMs;
    boolean dirty;

    /** For an input without data: whether its consumer reported a backlog when last asked. */
    boolean backlog;

    Input(String topic, int partition, long wallMs) {
      this.topic = topic;
      this.partition = partition;
      this.key = key(topic, partition);
      this.lastRecordWallMs = wallMs;
    }

    boolean hasData() {
      return progress != NONE;
    }
  }

  /**
   * Loads the stored progress of the task's inputs and the watermark last published.
   *
   * @param topics the task's input topics; each is read at {@code partition}
   * @param maxHoldMs how far the watermark may trail the furthest input
   */
  EventTimeProgress(
      KeyValueStore<Bytes, Long> store,
      List<String> topics,
      int partition,
      InputLag lag,
      long maxHoldMs,
      long wallNowMs) {
    this.store = store;
    this.lag = lag;
    this.maxHoldMs = maxHoldMs;
    this.watermark = stored(store);
    for (String topic : topics) {
      Input input = new Input(topic, partition, wallNowMs);
      Long progress = store.get(input.key);
      if (progress != null) {
        input.progress = progress;
      }
      input.backlog = lag.lag(topic, partition) > 0;
      inputs.add(input);
    }
  }

  /** The watermark last stored in {@code store}, or {@link #NONE}. */
  static long stored(KeyValueStore<Bytes, Long> store) {
    return StoredWatermark.read(store).orElse(NONE);
  }

  /**
   * The task's first evaluation tick, stored in {@code store} when its first record set it, or
   * {@link #NONE}. A restart before that tick was evaluated starts from it again: the tick after
   * the first record seen again could be a later one.
   */
  static long storedFirstTick(KeyValueStore<Bytes, Long> store) {
    Long stored = store.get(FIRST_TICK_KEY);
    return stored == null ? NONE : stored;
  }

  /** Stores the task's first evaluation tick ({@link #storedFirstTick}). */
  void persistFirstTick(long tick) {
    store.put(FIRST_TICK_KEY, tick);
  }

  private static final Bytes FIRST_TICK_KEY = Bytes.wrap(new byte[] {'f'});

  /** The task's watermark, or {@link #NONE} before any input delivered a record. */
  long watermark() {
    return watermark;
  }

  /**
   * Records an event from one input partition.
   *
   * @return the watermark afterwards
   */
  long onRecord(String topic, int partition, long eventTime, long wallNowMs) {
    Input input = find(topic, partition);
    if (input == null) {
      // Not one of the task's own inputs (a test driving the processor directly): track it too.
      input = new Input(topic, partition, wallNowMs);
      inputs.add(input);
    }
    input.lastRecordWallMs = wallNowMs;
    earliest = Math.min(earliest, eventTime);
    if (eventTime > input.progress) {
      input.progress = eventTime;
      input.dirty = true;
      recompute();
    }
    return watermark;
  }

  /**
   * Asks again whether the inputs without data have a backlog, and lets every input that has
   * delivered nothing for {@code idleAfterMs} of wall-clock time, and is known to be caught up,
   * advance by the wall-clock time that passed since it was last active.
   *
   * @return the watermark afterwards
   */
  long followWallClock(long wallNowMs, long idleAfterMs) {
    for (Input input : inputs) {
      if (!input.hasData()) {
        input.backlog = lag.lag(input.topic, input.partition) > 0;
        continue;
      }
      long idle = wallNowMs - input.lastRecordWallMs;
      if (idle >= idleAfterMs && lag.lag(input.topic, input.partition) == 0) {
        input.progress += idle;
        input.lastRecordWallMs = wallNowMs;
        input.dirty = true;
      }
    }
    recompute();
    return watermark;
  }

  /**
   * Writes the watermark and every changed input's progress. Called before anything is published at
   * the watermark, so that after a restart every event for a published bucket is still behind it.
   */
  void persist() {
    store.put(StoredWatermark.KEY, watermark);
    for (Input input : inputs) {
      if (input.dirty) {
        store.put(input.key, input.progress);
        input.dirty = false;
      }
    }
  }

  /** Every input's progress, for the dead-letter detail and logs. */
  String describe() {
    StringBuilder text = new StringBuilder();
    for (Input input : inputs) {
      if (!text.isEmpty()) {
        text.append(", ");
      }
      text.append(input.topic).append('-').append(input.partition).append(' ');
      text.append(input.hasData() ? "at " + Instant.ofEpochMilli(input.progress) : "without data");
    }
    return text.toString();
  }

  private Input find(String topic, int partition) {
    for (Input input : inputs) {
      if (input.partition == partition && input.topic.equals(topic)) {
        return input;
      }
    }
    return null;
  }

  private void recompute() {
    long slowest = Long.MAX_VALUE;
    long furthest = NONE;
    boolean awaitingBacklog = false;
    for (Input input : inputs) {
      if (input.hasData()) {
        slowest = Math.min(slowest, input.progress);
        furthest = Math.max(furthest, input.progress);
      } else if (input.backlog) {
        awaitingBacklog =
            true; // its records are on their way: nothing may close before they arrive
      }
    }
    if (furthest == NONE) {
      return;
    }
    long bound = furthest - maxHoldMs;
    long candidate;
    if (awaitingBacklog) {
      // Held while what has arrived spans less than the maximum hold.
      candidate = bound > earliest ? bound : NONE;
    } else {
      candidate = Math.max(slowest, bound);
    }
    if (candidate > watermark) {
      watermark = candidate;
    }
  }

  private static Bytes key(String topic, int partition) {
    byte[] name = topic.getBytes(StandardCharsets.UTF_8);
    byte[] key = new byte[5 + name.length];
    key[0] = INPUT_PREFIX;
    key[1] = (byte) (partition >>> 24);
    key[2] = (byte) (partition >>> 16);
    key[3] = (byte) (partition >>> 8);
    key[4] = (byte) partition;
    System.arraycopy(name, 0, key, 5, name.length);
    return Bytes.wrap(key);
  }
}
