package io.slipstream.bench;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongSupplier;
import org.apache.kafka.streams.KafkaStreams;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Times a {@link KafkaStreams} application from {@code start()} until its committed offsets on the
 * input topic reach the goal, polling them every {@value #POLL_MILLIS} ms. With exactly-once and a
 * 1 s commit interval, "caught up" is seen up to about a second after the last record was
 * processed; the steady rate (first to last observed commit) is free of that and of start-up.
 */
final class StreamsRun {
  private static final Logger LOG = LoggerFactory.getLogger(StreamsRun.class);
  private static final long POLL_MILLIS = 100;
  private static final long LOG_EVERY_NANOS = TimeUnit.SECONDS.toNanos(10);

  /**
   * How a run ends.
   *
   * @param timeLimit the longest the run may take
   * @param limitIsCap whether hitting the limit ends the run with a (capped) result rather than
   *     failing it
   * @param maxRecords stop once this many are committed; 0 for the whole topic
   */
  record Stop(Duration timeLimit, boolean limitIsCap, long maxRecords) {}

  private StreamsRun() {}

  /**
   * Starts {@code streams}, waits until it has committed the goal (or the cap), and closes it.
   *
   * @param rejected records the application dead-lettered so far, or -1 if it cannot tell
   * @throws IllegalStateException if the application fails, or the time limit passes when it is not
   *     a cap
   */
  static RunResult run(
      Variant variant,
      KafkaStreams streams,
      CommittedOffsets offsets,
      long topicRecords,
      Stop stop,
      LongSupplier rejected) {
    AtomicReference<Throwable> failure = new AtomicReference<>();
    streams.setStateListener(
        (newState, oldState) -> {
          if (newState == KafkaStreams.State.ERROR
              || newState == KafkaStreams.State.PENDING_ERROR) {
            failure.compareAndSet(
                null,
                new IllegalStateException(variant.id() + " went " + oldState + " -> " + newState));
          }
        });
    long goal = stop.maxRecords() > 0 ? Math.min(stop.maxRecords(), topicRecords) : topicRecords;
    Optional<MachineLoad.Sample> startLoad = MachineLoad.sample();
    long startCpu = ProcessCpu.thisProcessNanos();
    long startNanos = System.nanoTime();
    streams.start();
    try {
      long deadline = startNanos + stop.timeLimit().toNanos();
      long firstCommitNanos = 0;
      long firstCommitRecords = 0;
      long nextLog = startNanos + LOG_EVERY_NANOS;
      while (true) {
        long committed = offsets.committed();
        long now = System.nanoTime();
        if (committed > 0 && firstCommitNanos == 0) {
          firstCommitNanos = now - startNanos;
          firstCommitRecords = committed;
        }
        if (committed >= goal) {
          String cap = committed < topicRecords ? "stopped at " + goal + " records" : "";
          return new RunResult(
              variant,
              topicRecords,
              committed,
              now - startNanos,
              firstCommitNanos,
              firstCommitRecords,
              cap,
              rejected.getAsLong(),
              ProcessCpu.thisProcessNanos() - startCpu,
              -1,
              MachineLoad.busyShare(startLoad, MachineLoad.sample()),
              Double.NaN);
        }
        if (failure.get() != null) {
          throw new IllegalStateException(variant.id() + " failed", failure.get());
        }
        if (now >= deadline) {
          if (!stop.limitIsCap()) {
            throw new IllegalStateException(
                variant.id()
                    + " committed "
                    + committed
                    + " of "
                    + goal
                    + " records within "
                    + stop.timeLimit());
          }
          return new RunResult(
              variant,
              topicRecords,
              committed,
              now - startNanos,
              firstCommitNanos,
              firstCommitRecords,
              "stopped after " + stop.timeLimit().toSeconds() + " s",
              rejected.getAsLong(),
              ProcessCpu.thisProcessNanos() - startCpu,
              -1,
              MachineLoad.busyShare(startLoad, MachineLoad.sample()),
              Double.NaN);
        }
        if (now >= nextLog) {
          LOG.info("{}: {} of {} records committed", variant.id(), committed, goal);
          nextLog += LOG_EVERY_NANOS;
        }
        TimeUnit.MILLISECONDS.sleep(POLL_MILLIS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while timing " + variant.id(), e);
    } finally {
      if (!streams.close(Duration.ofSeconds(60))) {
        LOG.warn("{} did not close within 60 s", variant.id());
      }
    }
  }
}
