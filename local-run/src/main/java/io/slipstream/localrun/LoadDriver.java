package io.slipstream.localrun;

import io.slipstream.avro.RequestEvent;
import io.slipstream.avro.ResourceSample;
import io.slipstream.ingest.IngestTopics;
import io.slipstream.ingest.client.SlipstreamPublisher;
import io.slipstream.ingest.loadgen.EventSink;
import io.slipstream.ingest.loadgen.LoadRun;
import io.slipstream.ingest.loadgen.LognormalLatency;
import io.slipstream.ingest.loadgen.SimulatedClock;
import io.slipstream.ingest.loadgen.TrafficGenerator;
import io.slipstream.ingest.loadgen.TrafficProfile;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Plays the {@link Scenario} through a {@link SlipstreamPublisher} on its own thread, with the load
 * generator's {@link LoadRun}, until {@link #close()}.
 *
 * <p>{@code LoadRun} runs for a wall-clock duration and has no other way out, so the sink throws
 * once a stop is requested; the run ends at its next event, at most a few milliseconds later.
 */
final class LoadDriver implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(LoadDriver.class);

  /**
   * Baseline traffic: few errors (0.02 %, a fifth of a 99.9 % SLO's budget) and latencies well
   * inside the example SLOs' thresholds (median 20 ms for the first operation; sigma 0.4 keeps even
   * a minute's p99 of the slowest operation under 250 ms), so that only the scripted incident burns
   * budget.
   */
  static final double BASELINE_ERROR_RATIO = 0.0002;

  static final LognormalLatency BASELINE_LATENCY = new LognormalLatency(20_000, 0.4);

  /** checkout, payments, catalog, search: every service the example SLOs name. */
  static final int SERVICES = 4;

  static final int OPERATIONS = 4;

  /**
   * History is played at this many requests per wall second, as dense in simulated time as the live
   * run (burn rates and budgets weigh events, so a sparser history would count for less). The
   * publisher's queue absorbs what Kafka does not take at once.
   */
  static final double HISTORY_RATE = 10_000;

  private static final int QUEUE_CAPACITY = 200_000;

  private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(10);
  private static final Duration FOREVER = Duration.ofDays(3650);

  /**
   * @param bootstrapServers the cluster
   * @param schemaRegistryUrl the registry
   * @param kafkaProperties further producer settings (security)
   * @param serdeProperties further serializer settings (registry credentials)
   * @param topics where events go
   * @param scenario what to play
   * @param ratePerSecond requests per wall-clock second, over all services
   * @param acceleration simulated seconds per wall-clock second
   * @param start the simulated instant the live run starts at
   * @param history clean traffic played as fast as possible before {@code start}, so the long
   *     windows and the budget have a past (zero: none)
   * @param spoolDirectory the publisher's spool
   */
  record Settings(
      String bootstrapServers,
      String schemaRegistryUrl,
      Map<String, String> kafkaProperties,
      Map<String, String> serdeProperties,
      IngestTopics topics,
      Scenario scenario,
      double ratePerSecond,
      double acceleration,
      Instant start,
      Duration history,
      Path spoolDirectory) {}

  private final SlipstreamPublisher publisher;
  private final Thread thread;
  private final AtomicReference<Throwable> failure = new AtomicReference<>();
  private final AtomicLong requests = new AtomicLong();
  private final SimulatedClock clock;
  private volatile long startNanos;
  private volatile boolean live;
  private volatile boolean stopping;

  private LoadDriver(Settings settings) {
    SlipstreamPublisher.Builder builder =
        SlipstreamPublisher.builder()
            .service("slipstream-local-run")
            .bootstrapServers(settings.bootstrapServers())
            .schemaRegistryUrl(settings.schemaRegistryUrl())
            .kafkaProperties(settings.kafkaProperties())
            .topics(settings.topics())
            .spoolDirectory(settings.spoolDirectory())
            .queueCapacity(QUEUE_CAPACITY);
    settings.serdeProperties().forEach(builder::serdeProperty);
    this.publisher = builder.build();
    TrafficGenerator traffic =
        new TrafficGenerator(
            SERVICES,
            OPERATIONS,
            new TrafficProfile(
                BASELINE_ERROR_RATIO, BASELINE_LATENCY, settings.scenario().incidents()),
            new SplittableRandom());
    this.clock = new SimulatedClock(settings.start(), settings.acceleration());
    LoadRun history = history(settings);
    LoadRun run =
        new LoadRun(
            traffic,
            clock,
            new LoadRun.Settings(
                settings.ratePerSecond(),
                FOREVER,
                Long.MAX_VALUE,
                Duration.ofSeconds(10),
                Duration.ZERO));
    // Not a daemon: close() ends it, and a JVM exit without close() must not cut a send short.
    this.thread = new Thread(() -> play(history, run), "local-run-load");
  }

  /** The run that plays {@code history} before the live run's start, or null. */
  private static LoadRun history(Settings settings) {
    if (settings.history().isZero()) {
      return null;
    }
    double density = settings.ratePerSecond() / settings.acceleration();
    double acceleration = Math.max(1, HISTORY_RATE / density);
    Duration wall = Duration.ofNanos((long) (settings.history().toNanos() / acceleration));
    return new LoadRun(
        new TrafficGenerator(
            SERVICES,
            OPERATIONS,
            new TrafficProfile(BASELINE_ERROR_RATIO, BASELINE_LATENCY, List.of()),
            new SplittableRandom()),
        new SimulatedClock(settings.start().minus(settings.history()), acceleration),
        new LoadRun.Settings(
            density * acceleration, wall, Long.MAX_VALUE, Duration.ofSeconds(10), Duration.ZERO));
  }

  /** Starts playing at once. */
  static LoadDriver start(Settings settings) {
    LoadDriver driver = new LoadDriver(settings);
    driver.thread.start();
    return driver;
  }

  /** Simulated time elapsed so far in the live run (zero while history plays). */
  Duration simulatedElapsed() {
    return live ? clock.simulatedElapsed(System.nanoTime() - startNanos) : Duration.ZERO;
  }

  /** Whether the history has been played and the live run started. */
  boolean live() {
    return live;
  }

  /** Request events accepted by the publisher so far. */
  long requests() {
    return requests.get();
  }

  /** Events the publisher could not deliver so far. */
  long dropped() {
    return publisher.metrics().dropped();
  }

  /** Whether the load thread ended by itself (a failure). */
  Throwable failure() {
    return failure.get();
  }

  private void play(LoadRun history, LoadRun run) {
    try {
      if (history != null) {
        LoadRun.Summary played = history.run(new StoppableSink(), null);
        LOG.info("history played: {}", played);
      }
      startNanos = System.nanoTime();
      live = true;
      run.run(new StoppableSink(), null);
    } catch (StopRequested e) {
      LOG.debug("load stopped on request");
    } catch (RuntimeException | Error e) {
      failure.set(e);
      LOG.error("the load generator failed", e);
    }
  }

  /**
   * Stops the load and closes the publisher, which sends what it queued (up to 10 s). Idempotent.
   */
  @Override
  public void close() {
    stopping = true;
    try {
      thread.join(CLOSE_TIMEOUT.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (thread.isAlive()) {
      LOG.error("the load thread did not stop within {}", CLOSE_TIMEOUT);
    }
    publisher.close(CLOSE_TIMEOUT);
  }

  /** Ends {@link LoadRun#run} from inside: the only way out before its wall duration. */
  private static final class StopRequested extends RuntimeException {
    private static final long serialVersionUID = 1L;

    StopRequested() {
      super("stop requested", null, false, false);
    }
  }

  private final class StoppableSink implements EventSink {
    @Override
    public boolean requestEvent(RequestEvent event) {
      checkStop();
      boolean accepted = publisher.record(event);
      if (accepted) {
        requests.incrementAndGet();
      }
      return accepted;
    }

    @Override
    public boolean resourceSample(ResourceSample sample) {
      checkStop();
      return publisher.recordSample(sample);
    }

    private void checkStop() {
      if (stopping) {
        throw new StopRequested();
      }
    }
  }
}
