package io.slipstream.processor.slo.engine;

import io.slipstream.avro.Severity;
import io.slipstream.processor.slo.corrections.AppliedCorrections;
import io.slipstream.processor.slo.spec.SloDefinition;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;

/**
 * The in-memory accounting of one SLO in the task that owns its service: the trailing per-minute
 * counts with every window's sum, and the period's counts. Derived from the SLO's stores, so it is
 * rebuilt after a restart or a change of definition rather than stored itself.
 */
final class SloRuntime {
  static final long MINUTE_MS = 60_000L;

  /** The windows burn rates are always published for. */
  static final Duration[] STANDARD_WINDOWS = {
    Duration.ofMinutes(5),
    Duration.ofMinutes(30),
    Duration.ofHours(1),
    Duration.ofHours(2),
    Duration.ofHours(6),
    Duration.ofDays(1),
    Duration.ofDays(3)
  };

  /**
   * What the accounting is of, and what its counts, statuses and records are keyed by: the SLO's
   * id, or the instance id of an instance of a grouped SLO.
   */
  final String id;

  /** The definition it is evaluated with: for an instance, its grouped SLO's (shared). */
  final SloDefinition definition;

  /** The group of an instance of a grouped SLO, else null. */
  final SloGroup group;

  /** The windows, their names and the alert thresholds: shared by every SLO with the same rules. */
  final WindowPlan plan;

  final long[] windowsMs;
  final CountRing minutes;

  /** The ends of the windows' oldest minutes, which make each window exact at its tick. */
  private WindowTails tails;

  /** The period's counts with corrections applied: excluded minutes left out. */
  final PeriodCounter period;

  /**
   * The period's events in minutes attributed to planned work (counted in {@link #period} too);
   * null without corrections.
   */
  final PeriodCounter planned;

  /** The period's events in excluded minutes (not in {@link #period}); null without corrections. */
  final PeriodCounter excluded;

  /** The corrections this accounting applies. */
  final AppliedCorrections corrections;

  /** The corrections silencing pages at the last evaluation, to announce when that changes. */
  List<String> silencedBy = List.of();

  /**
   * From when the figures hold every event of the SLO, or Long.MIN_VALUE when nothing is known to
   * be missing ({@link SloStart}).
   */
  long completeFrom = Long.MIN_VALUE;

  /** Latest event time counted, or Long.MIN_VALUE. */
  long lastEventTime = Long.MIN_VALUE;

  /** Time slices: start of the earliest slice not yet decided, or Long.MIN_VALUE. */
  long nextSlice = Long.MIN_VALUE;

  /**
   * The tick of the last evaluation, or Long.MIN_VALUE before the first: {@link #minutes} and the
   * period hold exactly the events before it, {@link #pending} those at or after it.
   */
  long countedBefore = Long.MIN_VALUE;

  /**
   * Events at or after {@link #countedBefore}, waiting for the tick that passes them; null while
   * none are (most instances of a large grouped SLO, most of the time).
   */
  private PendingCounts pending;

  /** The evaluation interval, which pending events are kept per. */
  private final long tickMs;

  /**
   * A fingerprint of a group instance's counts as last published (windows' good and total, the
   * period's good, total, excluded and planned bad): an instance publishes an evaluation only when
   * they change. 8 bytes instead of the counts themselves; two different sets of counts share a
   * fingerprint with a chance of 2^-64, when one publication would be skipped.
   */
  long published;

  /** Whether {@link #published} holds a publication's fingerprint. */
  boolean publishedOnce;

  /**
   * For an instance of a grouped SLO: its accounting was replaced (rebuilt) or ended. The
   * schedule's entries and the group's link that still name it are stale, told without a lookup.
   */
  boolean retired;

  /**
   * For an instance of a grouped SLO: before this tick, evaluating it again would find the same
   * counts in every window and in the period, so a tick may pass it by ({@link
   * #countsUnchangedUntil}). Long.MIN_VALUE when it must be evaluated at the next tick: counts were
   * added, or nothing is known yet.
   */
  long unchangedBefore = Long.MIN_VALUE;

  /**
   * Where an instance is in its {@link InstanceSchedule}: {@link #NOT_QUEUED}, {@link
   * #QUEUED_FOR_NEXT_TICK}, or the tick it rests until.
   */
  long queuedFor = NOT_QUEUED;

  static final long NOT_QUEUED = Long.MIN_VALUE;
  static final long QUEUED_FOR_NEXT_TICK = Long.MAX_VALUE;

  /**
   * The start of the newest minute or hour that the minute and period stores may hold for this SLO:
   * a window starting after it is new, and is created without reading the store. Long.MAX_VALUE
   * when not known (every new window is read).
   */
  long newestStored = Long.MAX_VALUE;

  /** Notes that a minute or hour window starting at {@code start} may now be stored. */
  void stored(long start) {
    if (start > newestStored) {
      newestStored = start;
    }
  }

  /** Where the SLO's SLA reports stand, as of SLA registry version {@link #slaVersion}. */
  SlaBookkeeping.SlaSchedule slaSchedule;

  long slaVersion = -1;

  /**
   * Each severity's alert status as stored, by ordinal; null until first read, {@link
   * #ALL_INACTIVE} (shared, never written) while none is active: most instances of a grouped SLO
   * never alert, and an array each would take 32 bytes of theirs.
   */
  AlertStatus[] alertStatuses;

  static final AlertStatus[] ALL_INACTIVE = allInactive();

  SloRuntime(
      String id,
      SloDefinition definition,
      SloGroup group,
      AppliedCorrections corrections,
      long tickMs) {
    this.id = id;
    this.definition = definition;
    this.group = group;
    this.corrections = corrections;
    this.tickMs = tickMs;
    this.plan = WindowPlan.of(definition);
    this.windowsMs = plan.windowsMs();
    this.minutes = new CountRing(MINUTE_MS, plan.windowMinutes(), true);
    this.period = PeriodCounter.of(definition.window());
    // Without corrections nothing is planned or excluded: no counters to keep.
    this.planned = corrections.isEmpty() ? null : PeriodCounter.of(definition.window());
    this.excluded = corrections.isEmpty() ? null : PeriodCounter.of(definition.window());
  }

  private static AlertStatus[] allInactive() {
    AlertStatus[] statuses = new AlertStatus[Severity.values().length];
    Arrays.fill(statuses, AlertStatus.INACTIVE);
    return statuses;
  }

  /** The longest window: how far back the minute store must reach. */
  long horizonMs() {
    return windowsMs[windowsMs.length - 1];
  }

  int windowIndex(Duration window) {
    long ms = roundUpToMinute(window.toMillis());
    for (int i = 0; i < windowsMs.length; i++) {
      if (windowsMs[i] == ms) {
        return i;
      }
    }
    throw new IllegalArgumentException("window " + window + " is not maintained for " + id);
  }

  /**
   * Counts {@code good} of {@code total} events (or slices) of the minute at {@code time} into the
   * period as its corrections say: left out when excluded, counted and also noted as planned when
   * attributed. Returns whether they count in the burn-rate windows.
   */
  boolean countInPeriod(long time, long good, long total) {
    AppliedCorrections.Treatment treatment =
        corrections.isEmpty()
            ? AppliedCorrections.Treatment.COUNTED
            : corrections.treatment(Math.floorDiv(time, MINUTE_MS) * MINUTE_MS);
    if (treatment == AppliedCorrections.Treatment.EXCLUDED) {
      excluded.add(time, good, total);
      return false;
    }
    period.add(time, good, total);
    if (treatment == AppliedCorrections.Treatment.ATTRIBUTED) {
      planned.add(time, good, total);
    }
    return true;
  }

  /** Whether the minute at {@code time} counts in the burn-rate windows. */
  boolean countsInWindows(long time) {
    return corrections.isEmpty()
        || corrections.treatment(Math.floorDiv(time, MINUTE_MS) * MINUTE_MS)
            != AppliedCorrections.Treatment.EXCLUDED;
  }

  /**
   * Counts {@code good} of {@code total} events at {@code time}: at once when the last evaluation
   * has passed it (a late event, counted retroactively in every window that still holds it),
   * otherwise when the tick that passes it comes.
   */
  void count(long time, long good, long total) {
    unchangedBefore = Long.MIN_VALUE;
    if (time >= countedBefore) {
      addPending(time, good, total);
      return;
    }
    if (tails != null) {
      tails.changed(Math.floorDiv(time, MINUTE_MS) * MINUTE_MS);
    }
    if (countInPeriod(time, good, total)) {
      minutes.add(time, good, total);
    }
  }

  /**
   * Moves to evaluation tick {@code tick}: counts every pending event before it, then slides the
   * windows and the period so that they end just before the tick.
   */
  void advanceToTick(long tick) {
    if (pending != null) {
      pending.drainBefore(
          tick,
          (slot, good, total) -> {
            if (countInPeriod(slot, good, total)) {
              minutes.add(slot, good, total);
            }
          });
      if (pending.isEmpty()) {
        pending = null;
      }
    }
    countedBefore = Math.max(countedBefore, tick);
    advanceTo(tick - 1);
  }

  /**
   * Adds each window's tail at {@code tick} to {@code good} and {@code total} ({@link
   * WindowTails}), which are kept from the first tail with events on: most instances of a large
   * grouped SLO never have one.
   */
  void addTails(long tick, long[] good, long[] total, WindowTails.MinuteReader reader) {
    if (tails == null) {
      if (!WindowTails.anyToRead(tick, windowsMs, minutes)) {
        return;
      }
      tails = new WindowTails(windowsMs);
    }
    tails.addTo(tick, good, total, reader, this);
  }

  /** Keeps events at or after {@link #countedBefore} for the tick that passes them. */
  void addPending(long time, long good, long total) {
    if (pending == null) {
      pending = new PendingCounts(tickMs);
    }
    pending.add(time, good, total);
  }

  void advanceTo(long now) {
    minutes.advanceTo(now);
    period.advanceTo(now);
    if (planned != null) {
      planned.advanceTo(now);
      excluded.advanceTo(now);
    }
  }

  /**
   * After an evaluation at {@code tick}: the earliest tick at which a window or the period may hold
   * other counts than now without any event being added, because counts reach a window's or the
   * period's tail. Windows are looked at up to two days beyond their tails; beyond that the answer
   * is where the search stopped, which only makes the instance evaluated sooner than needed.
   * Long.MIN_VALUE when that is not worked out here: time slices, corrections (planned and excluded
   * counts), counts still pending.
   */
  long countsUnchangedUntil(long tick) {
    if (isTimeslices() || planned != null || pending != null) {
      return Long.MIN_VALUE;
    }
    long until = period.unchangedUntil(tick);
    for (int i = 0; i < windowsMs.length; i++) {
      long tail = tick - windowsMs[i];
      long next = minutes.nextCountsFrom(tail, TAIL_SEARCH_MINUTES);
      long tailMinute = Math.floorDiv(tail, MINUTE_MS) * MINUTE_MS;
      if (next == tailMinute) {
        // Counts in the minute the tail is in: its slots (cached when the window was summed) say
        // which are still ahead of the tail; without them, the next tick.
        long slot = tails == null ? Long.MIN_VALUE : tails.nextSlotWithCounts(i, tailMinute, tail);
        next =
            slot == Long.MIN_VALUE
                ? tail
                : slot == Long.MAX_VALUE
                    ? minutes.nextCountsFrom(tailMinute + MINUTE_MS, TAIL_SEARCH_MINUTES)
                    : slot;
      }
      if (next != Long.MAX_VALUE) {
        // Counts at time e leave the window at the first tick after e + window.
        until = Math.min(until, next + windowsMs[i]);
      }
    }
    return until;
  }

  /** Two days of minutes; the search passes over a never-written chunk of 64 minutes at once. */
  private static final int TAIL_SEARCH_MINUTES = 2 * 24 * 60;

  boolean isTimeslices() {
    return definition.budgeting() instanceof SloDefinition.Budgeting.Timeslices;
  }

  static long roundUpToMinute(long ms) {
    return Math.max(MINUTE_MS, (ms + MINUTE_MS - 1) / MINUTE_MS * MINUTE_MS);
  }
}
