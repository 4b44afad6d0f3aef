package io.slipstream.ingest.client;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.slipstream.ingest.IngestEvent;
import io.slipstream.ingest.IngestTopics;
import io.slipstream.ingest.spool.Spool;
import io.slipstream.ingest.spool.SpoolEntry;
import io.slipstream.ingest.spool.SpooledEventCodec;
import java.io.UncheckedIOException;
import java.util.ArrayDeque;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The publisher's single sender thread: takes events from the queue and either hands them to the
 * Kafka producer or appends them to the spool, replays the spool when Kafka is back, and keeps the
 * order of events intact throughout.
 *
 * <p>The order argument: events leave in three stages that never overtake each other — (1) events
 * in the producer (which keeps order per partition: idempotence, at most 5 requests in flight, and
 * a delivery timeout so long that it does not give up on an event during an outage), (2) the spool,
 * (3) the queue. A new event is sent directly only while the spool has nothing unread; otherwise it
 * is appended behind the backlog. Spooled events are replayed in file order into the producer,
 * behind whatever it still holds.
 *
 * <p>The circuit breaker hears about every event handed over: success when Kafka acknowledges it,
 * failure when {@code send} fails for lack of Kafka (metadata or registry timeout) or when no
 * acknowledgement came within the acknowledgement timeout (the producer keeps retrying such an
 * event and delivers it when Kafka is back, still ahead of the spool). While the breaker is open,
 * events go to the spool; half-open, it lets probe events through.
 */
final class EventSender implements Runnable {

  private static final Logger LOG = LoggerFactory.getLogger(EventSender.class);
  private static final int BATCH = 1_000;
  private static final long IDLE_POLL_MILLIS = 20;
  private static final long WARN_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(10);

  private static final int IN_FLIGHT = 0;
  private static final int DONE = 1;
  private static final int ABANDONED = 2;
  // Failed synchronously inside send() for lack of Kafka: the sender spools it instead.
  private static final int RETRY = 3;

  /** One event handed to the producer (or, already done, a spool record that was dropped). */
  private static final class Entry {
    final IngestEvent event;
    final long sentNanos;
    final long spoolEnd;
    final AtomicInteger state;
    // Each entry tells the breaker exactly once: its acknowledgement, failure or stall.
    final java.util.concurrent.atomic.AtomicBoolean verdictGiven =
        new java.util.concurrent.atomic.AtomicBoolean();

    Entry(IngestEvent event, long sentNanos, long spoolEnd, int state) {
      this.event = event;
      this.sentNanos = sentNanos;
      this.spoolEnd = spoolEnd;
      this.state = new AtomicInteger(state);
    }

    boolean isDone() {
      return state.get() != IN_FLIGHT;
    }
  }

  private enum SendResult {
    SENT,
    RETRY_LATER,
    DROPPED
  }

  private final BlockingQueue<IngestEvent> queue;
  private final Producer<String, SpecificRecord> producer;
  private final IngestTopics topics;
  private final Spool spool;
  private final CircuitBreaker breaker;
  private final PublisherMetrics metrics;
  private final int maxInFlight;
  private final long ackTimeoutNanos;

  // Sender thread only.
  private final ArrayDeque<Entry> pending = new ArrayDeque<>();
  private final ArrayDeque<Entry> awaitingVerdict = new ArrayDeque<>();
  private SpoolEntry replayHead;
  // When each kind of warning was last logged: every kind at most once per interval.
  private final java.util.concurrent.ConcurrentHashMap<String, Long> lastWarnNanos =
      new java.util.concurrent.ConcurrentHashMap<>();
  private volatile Thread senderThread;

  private final AtomicInteger inFlight = new AtomicInteger();
  private volatile boolean closing;
  private volatile long closeDeadlineNanos;

  EventSender(
      BlockingQueue<IngestEvent> queue,
      Producer<String, SpecificRecord> producer,
      IngestTopics topics,
      Spool spool,
      CircuitBreaker breaker,
      PublisherMetrics metrics,
      int maxInFlight,
      long ackTimeoutNanos) {
    this.queue = queue;
    this.producer = producer;
    this.topics = topics;
    this.spool = spool;
    this.breaker = breaker;
    this.metrics = metrics;
    this.maxInFlight = maxInFlight;
    this.ackTimeoutNanos = ackTimeoutNanos;
  }

  /** Asks the thread to finish: drain the queue, wait for acknowledgements until the deadline. */
  void requestClose(long deadlineNanos) {
    closeDeadlineNanos = deadlineNanos;
    closing = true;
  }

  @Override
  public void run() {
    senderThread = Thread.currentThread();
    long pollMillis = IDLE_POLL_MILLIS;
    while (!closing) {
      try {
        pollMillis = step(pollMillis) ? 0 : IDLE_POLL_MILLIS;
      } catch (InterruptedException e) {
        // Only close() interrupts, after setting closing.
        Thread.currentThread().interrupt();
        break;
      } catch (RuntimeException e) {
        // Keep the service's events flowing: a failed step is logged and retried after a pause.
        LOG.error("Slipstream publisher: sender step failed; continuing", e);
        LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(100));
      }
    }
    Thread.interrupted();
    finish();
  }

  /** One round of work; returns whether there is more replay work right away. */
  private boolean step(long pollMillis) throws InterruptedException {
    reapCompleted();
    detectStalls();
    IngestEvent event = queue.poll(pollMillis, TimeUnit.MILLISECONDS);
    for (int i = 0; event != null && i < BATCH; i++) {
      handle(event);
      event = queue.poll();
    }
    if (event != null) {
      handle(event);
    }
    int replayed = replay();
    flushSpool();
    publishGauges();
    return replayed > 0 || !queue.isEmpty();
  }

  private void handle(IngestEvent event) {
    if (replayHead != null
        || spool.hasUnread()
        || inFlight.get() >= maxInFlight
        || !breaker.tryAcquirePermission()) {
      toSpool(event);
      return;
    }
    if (send(event, -1) == SendResult.RETRY_LATER) {
      toSpool(event);
    }
  }

  private int replay() {
    int sent = 0;
    while (sent < BATCH && inFlight.get() < maxInFlight) {
      if (replayHead == null) {
        Optional<SpoolEntry> next = spool.readNext();
        if (next.isEmpty()) {
          break;
        }
        replayHead = next.get();
      }
      IngestEvent event;
      try {
        event = SpooledEventCodec.decode(replayHead.payload());
      } catch (IllegalArgumentException e) {
        metrics.incrementDroppedFailed();
        warn("dropped a spooled event that does not decode: {}", e.getMessage());
        pending.add(new Entry(null, System.nanoTime(), replayHead.endPosition(), DONE));
        replayHead = null;
        continue;
      }
      if (!breaker.tryAcquirePermission()) {
        break;
      }
      SendResult result = send(event, replayHead.endPosition());
      if (result == SendResult.RETRY_LATER) {
        break;
      }
      if (result == SendResult.DROPPED) {
        pending.add(new Entry(null, System.nanoTime(), replayHead.endPosition(), DONE));
      }
      replayHead = null;
      sent++;
    }
    return sent;
  }

  /** Hands an event to the producer; the caller holds a breaker permission. */
  private SendResult send(IngestEvent event, long spoolEnd) {
    Entry entry = new Entry(event, System.nanoTime(), spoolEnd, IN_FLIGHT);
    pending.addLast(entry);
    awaitingVerdict.addLast(entry);
    inFlight.incrementAndGet();
    try {
      producer.send(
          new ProducerRecord<>(event.topic(topics), event.service(), event.record()),
          (metadata, exception) -> complete(entry, exception));
      if (entry.state.get() == RETRY) {
        // The producer reported a missing Kafka through the callback (e.g. a metadata timeout).
        pending.removeLastOccurrence(entry);
        awaitingVerdict.removeLastOccurrence(entry);
        return SendResult.RETRY_LATER;
      }
      return SendResult.SENT;
    } catch (RuntimeException e) {
      // Never handed over: undo the bookkeeping (a synchronous callback may have run already).
      pending.removeLastOccurrence(entry);
      awaitingVerdict.removeLastOccurrence(entry);
      if (entry.state.compareAndSet(IN_FLIGHT, ABANDONED)) {
        inFlight.decrementAndGet();
      }
      boolean unavailable = PublisherFailures.isKafkaUnavailable(e);
      if (entry.verdictGiven.compareAndSet(false, true)) {
        breaker.onError(System.nanoTime() - entry.sentNanos, TimeUnit.NANOSECONDS, e);
      }
      if (unavailable) {
        warn("Kafka unavailable, spooling events: {}", e.toString());
        return SendResult.RETRY_LATER;
      }
      metrics.incrementDroppedFailed();
      warn("dropped an event Kafka cannot take: {}", e.toString());
      return SendResult.DROPPED;
    }
  }

  /** Producer callback, on the producer's I/O thread (or synchronously inside send). */
  private void complete(Entry entry, Exception exception) {
    boolean retry =
        exception != null
            && Thread.currentThread() == senderThread
            && PublisherFailures.isKafkaUnavailable(exception);
    if (!entry.state.compareAndSet(IN_FLIGHT, retry ? RETRY : DONE)) {
      return; // abandoned at close and spooled
    }
    inFlight.decrementAndGet();
    long elapsed = System.nanoTime() - entry.sentNanos;
    if (retry) {
      if (entry.verdictGiven.compareAndSet(false, true)) {
        breaker.onError(elapsed, TimeUnit.NANOSECONDS, exception);
      }
      warn("Kafka unavailable, spooling events: {}", exception.toString());
      return;
    }
    if (exception == null) {
      if (entry.spoolEnd >= 0) {
        metrics.incrementReplayed();
      } else {
        metrics.incrementSent();
      }
      if (entry.verdictGiven.compareAndSet(false, true)) {
        breaker.onSuccess(elapsed, TimeUnit.NANOSECONDS);
      }
    } else {
      // The delivery timeout is unbounded, so what fails here is final (too large, not allowed).
      metrics.incrementDroppedFailed();
      warn("dropped an event Kafka refused: {}", exception.toString());
      if (entry.verdictGiven.compareAndSet(false, true)) {
        breaker.onError(elapsed, TimeUnit.NANOSECONDS, exception);
      }
    }
  }

  private void reapCompleted() {
    while (!pending.isEmpty() && pending.peekFirst().isDone()) {
      Entry entry = pending.pollFirst();
      if (entry.spoolEnd >= 0) {
        spool.acknowledge(entry.spoolEnd);
      }
    }
  }

  private void detectStalls() {
    long now = System.nanoTime();
    while (!awaitingVerdict.isEmpty()) {
      Entry entry = awaitingVerdict.peekFirst();
      if (!entry.isDone() && now - entry.sentNanos < ackTimeoutNanos) {
        break;
      }
      awaitingVerdict.pollFirst();
      if (!entry.isDone() && entry.verdictGiven.compareAndSet(false, true)) {
        breaker.onError(
            now - entry.sentNanos,
            TimeUnit.NANOSECONDS,
            new KafkaUnavailableException(
                "no acknowledgement within "
                    + TimeUnit.NANOSECONDS.toMillis(ackTimeoutNanos)
                    + " ms"));
      }
    }
  }

  private void toSpool(IngestEvent event) {
    boolean appended;
    try {
      appended = spool.append(SpooledEventCodec.encode(event));
    } catch (UncheckedIOException | IllegalArgumentException e) {
      metrics.incrementDroppedFailed();
      warn("dropped an event the spool cannot take: {}", e.toString());
      return;
    }
    if (appended) {
      metrics.incrementSpooled();
    } else {
      metrics.incrementDroppedSpoolFull();
      warn("spool full ({} bytes): dropping events", spool.sizeBytes());
    }
  }

  private void flushSpool() {
    try {
      spool.flush();
    } catch (UncheckedIOException e) {
      warn("cannot flush the spool: {}", e.toString());
    }
  }

  private void publishGauges() {
    metrics.updateSpool(spool.unacknowledgedBytes(), spool.corruptBytesDiscarded());
    metrics.updateInFlight(inFlight.get());
  }

  /**
   * Close: drain the queue as usual (sending or spooling), wait for acknowledgements until the
   * deadline, then spool the direct events Kafka has not acknowledged. Spooled events in flight
   * stay unacknowledged in the spool and are replayed by the next publisher on the directory.
   */
  private void finish() {
    try {
      IngestEvent event;
      while ((event = queue.poll()) != null) {
        handle(event);
      }
      while (inFlight.get() > 0 && System.nanoTime() < closeDeadlineNanos) {
        reapCompleted();
        LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5));
      }
      reapCompleted();
      int abandoned = 0;
      for (Entry entry : pending) {
        if (entry.state.compareAndSet(IN_FLIGHT, ABANDONED)) {
          inFlight.decrementAndGet();
          // A replayed event is still in the spool, unacknowledged: the next publisher sends it.
          if (entry.spoolEnd < 0) {
            toSpool(entry.event);
          }
          abandoned++;
        }
      }
      if (abandoned > 0) {
        LOG.warn(
            "Slipstream publisher: {} events not acknowledged by Kafka at close stay in the spool",
            abandoned);
      }
      flushSpool();
      publishGauges();
    } catch (RuntimeException e) {
      LOG.error("Slipstream publisher: failed while closing", e);
    }
  }

  private void warn(String format, Object argument) {
    long now = System.nanoTime();
    Long last = lastWarnNanos.get(format);
    if (last == null || now - last >= WARN_INTERVAL_NANOS) {
      lastWarnNanos.put(format, now);
      LOG.warn("Slipstream publisher: " + format + " (metrics: {})", argument, metrics);
    }
  }
}
