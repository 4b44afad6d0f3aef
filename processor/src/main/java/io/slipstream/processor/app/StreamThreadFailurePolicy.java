package io.slipstream.processor.app;

import io.slipstream.serde.WireFormatException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the processor does when a stream thread dies of an uncaught exception: replace the thread
 * while the failures look transient, stop the client once the same failure keeps coming back.
 *
 * <ul>
 *   <li><b>Transient</b>: a Kafka {@link RetriableException} or a retriable {@link
 *       WireFormatException} (schema registry unreachable) anywhere in the cause chain. The thread
 *       is always replaced and the failure is not counted: the broker or the registry being down
 *       for a long time is an outage to ride out, and a new thread resumes from the last commit,
 *       losing nothing.
 *   <li><b>Anything else</b> is counted by its signature, the class and message of its root cause
 *       (the exception Kafka Streams wraps names the task and offset; the root cause is what the
 *       code threw). The thread is replaced, unless this is the {@code limit}-th failure with that
 *       signature within {@code window}: then the answer is {@code SHUTDOWN_CLIENT}, the reason is
 *       kept ({@link #stopReason()}) and handed to the listener ({@link #onStop}), which the HTTP
 *       server's health probes use to report the instance down with it.
 * </ul>
 *
 * <p>The defaults, 5 identical failures within 10 minutes: a replaced thread resumes from the last
 * commit within seconds, so a deterministic bug (the same record down the same code path) fails
 * again within a minute and reaches 5 in a few minutes, where replacing it forever would only hide
 * it behind a busy log. Failures that differ, or that recur less often than 5 in 10 minutes, keep
 * being healed. Only this client stops ({@code SHUTDOWN_CLIENT}, not {@code SHUTDOWN_APPLICATION}):
 * its partitions move to the other instances, which stop too if the bug follows the data, and each
 * reports why; a restart (the failing liveness probe's) tries again.
 *
 * <p>Thread-safe: stream threads fail concurrently. Memory is bounded by the failures of the last
 * {@code window}.
 */
public final class StreamThreadFailurePolicy implements StreamsUncaughtExceptionHandler {
  private static final Logger LOG = LoggerFactory.getLogger(StreamThreadFailurePolicy.class);

  /** Identical failures that stop the client by default. */
  public static final int DEFAULT_LIMIT = 5;

  /** How far back identical failures are counted by default. */
  public static final Duration DEFAULT_WINDOW = Duration.ofMinutes(10);

  /** Longest message kept in a signature: enough to tell failures apart, bounded in memory. */
  private static final int MAX_MESSAGE_CHARS = 500;

  /** How deep a cause chain is followed; a longer one is treated as ending there. */
  private static final int MAX_CAUSE_DEPTH = 64;

  private final int limit;
  private final long windowMs;
  private final LongSupplier clock;

  /** Per signature, the times of its recent failures, oldest first. */
  private final Map<String, Deque<Long>> recent = new HashMap<>();

  private String stopReason;
  private Consumer<String> listener = reason -> {};

  /**
   * @param limit identical failures within {@code window} that stop the client (at least 1)
   * @param window how far back failures are counted (positive)
   * @param clock the time in epoch milliseconds
   * @throws IllegalArgumentException when {@code limit} or {@code window} is out of range
   */
  public StreamThreadFailurePolicy(int limit, Duration window, LongSupplier clock) {
    if (limit < 1) {
      throw new IllegalArgumentException("limit must be at least 1, was " + limit);
    }
    if (window.isNegative() || window.isZero()) {
      throw new IllegalArgumentException("window must be positive, was " + window);
    }
    this.limit = limit;
    this.windowMs = window.toMillis();
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /** {@value #DEFAULT_LIMIT} identical failures within 10 minutes, on the system clock. */
  public static StreamThreadFailurePolicy defaults() {
    return new StreamThreadFailurePolicy(DEFAULT_LIMIT, DEFAULT_WINDOW, System::currentTimeMillis);
  }

  @Override
  public StreamThreadExceptionResponse handle(Throwable exception) {
    String stoppedBecause;
    synchronized (this) {
      if (stopReason != null) {
        // Another thread's failure already stopped the client; this one is going down with it.
        LOG.error("stream thread failed while the client is stopping", exception);
        return StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
      }
      if (isTransient(exception)) {
        LOG.error(
            "stream thread failed{}; replacing it",
            causedByUnreachableRegistry(exception) ? " (schema registry unreachable)" : "",
            exception);
        return StreamThreadExceptionResponse.REPLACE_THREAD;
      }
      long now = clock.getAsLong();
      forgetBefore(now - windowMs);
      String signature = signature(exception);
      Deque<Long> times = recent.computeIfAbsent(signature, s -> new ArrayDeque<>());
      times.addLast(now);
      if (times.size() < limit) {
        LOG.error(
            "stream thread failed ({} of {} identical failures within {} s stop the client);"
                + " replacing it",
            times.size(),
            limit,
            windowMs / 1000,
            exception);
        return StreamThreadExceptionResponse.REPLACE_THREAD;
      }
      stopReason =
          "stream threads stopped after "
              + limit
              + " identical failures within "
              + windowMs / 1000
              + " s: "
              + signature;
      stoppedBecause = stopReason;
    }
    LOG.error("{}; shutting the Kafka Streams client down", stoppedBecause, exception);
    listener().accept(stoppedBecause);
    return StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
  }

  /** Why the client was stopped, or empty while threads are still replaced. */
  public synchronized Optional<String> stopReason() {
    return Optional.ofNullable(stopReason);
  }

  /**
   * Calls {@code listener} with the reason when the policy stops the client, at once if it already
   * has. One listener; a later call replaces it.
   */
  public void onStop(Consumer<String> listener) {
    Objects.requireNonNull(listener, "listener");
    String already;
    synchronized (this) {
      this.listener = listener;
      already = stopReason;
    }
    if (already != null) {
      listener.accept(already);
    }
  }

  private synchronized Consumer<String> listener() {
    return listener;
  }

  /** Whether {@code exception} comes from an outage that a new thread rides out. */
  static boolean isTransient(Throwable exception) {
    int depth = 0;
    for (Throwable cause = exception;
        cause != null && depth < MAX_CAUSE_DEPTH;
        cause = cause.getCause(), depth++) {
      if (cause instanceof RetriableException) {
        return true;
      }
    }
    return causedByUnreachableRegistry(exception);
  }

  private static boolean causedByUnreachableRegistry(Throwable exception) {
    int depth = 0;
    for (Throwable cause = exception;
        cause != null && depth < MAX_CAUSE_DEPTH;
        cause = cause.getCause(), depth++) {
      if (cause instanceof WireFormatException wire && wire.isRetriable()) {
        return true;
      }
    }
    return false;
  }

  /** The root cause's class and message (cut at {@value #MAX_MESSAGE_CHARS} characters). */
  static String signature(Throwable exception) {
    Throwable root = exception;
    for (int depth = 0;
        root.getCause() != null && root.getCause() != root && depth < MAX_CAUSE_DEPTH;
        depth++) {
      root = root.getCause();
    }
    String message = root.getMessage();
    if (message != null && message.length() > MAX_MESSAGE_CHARS) {
      message = message.substring(0, MAX_MESSAGE_CHARS) + "…";
    }
    return root.getClass().getName() + ": " + message;
  }

  private void forgetBefore(long oldest) {
    for (Iterator<Deque<Long>> it = recent.values().iterator(); it.hasNext(); ) {
      Deque<Long> times = it.next();
      while (!times.isEmpty() && times.peekFirst() <= oldest) {
        times.removeFirst();
      }
      if (times.isEmpty()) {
        it.remove();
      }
    }
  }
}
