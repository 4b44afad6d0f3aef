package io.slipstream.localrun;

import io.slipstream.avro.RequestEvent;
import io.slipstream.avro.ResourceSample;
import io.slipstream.ingest.IngestTopics;
import io.slipstream.ingest.client.SlipstreamPublisher;
import io.slipstream.ingest.loadgen.EventSink;
import io.slipstream.ingest.loadgen.LoadRun;
import io.slipstream.ingest.loadgen.LognormalLatency;
import io.slipstream.ingest.loadgen.SeededLoadRun;
import io.slipstream.ingest.loadgen.SeededTraffic;
import io.slipstream.ingest.loadgen.TrafficProfile;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Plays the {@link Scenario} through a {@link SlipstreamPublisher} on its own thread until {@link
 * #close()}: first the history, as fast as it goes, then the live run, paced by the wall clock.
 *
 * <p>Both are ranges of one {@link SeededTraffic}: the events are a function of the seed and of
 * simulated time since T+0 alone, so two runs with the same seed send the same events for the same
 * simulated instants, whatever the wall clock did meanwhile.
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

  /** Simulated time between two resource samples of an instance. */
  static final Duration SAMPLE_INTERVAL = Duration.ofSeconds(10);

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
   * @param seed the seed of the traffic: the same seed, the same events at the same simulated times
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
      long seed,
      Path spoolDirectory) {}

  private final SlipstreamPublisher publisher;
  private final Thread thread;
  private final AtomicReference<Throwable> failure = new AtomicReference<>();
  private final AtomicLong requests = new AtomicLong();
  private final SeededLoadRun history;
  private final SeededLoadRun run;
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
    // One timeline for history and live run, equally dense in simulated time; the scenario's
    // incidents start at T+0 or later, so the history before T+0 is clean.
    double density = settings.ratePerSecond() / settings.acceleration();
    SeededTraffic traffic =
        new SeededTraffic(
            settings.seed(),
            SERVICES,
            OPERATIONS,
            new TrafficProfile(
                    BASELINE_ERROR_RATIO, BASELINE_LATENCY, settings.scenario().incidents())
                .withCustomers(Scenario.CUSTOMERS),
            settings.start(),
            density,
            SAMPLE_INTERVAL);
    this.history =
        settings.history().isZero()
            ? null
            : new SeededLoadRun(
                traffic,
                settings.history().negated(),
                Duration.ZERO,
                Math.max(1, HISTORY_RATE / density));
    this.run = new SeededLoadRun(traffic, Duration.ZERO, FOREVER, settings.acceleration());
    // Not a daemon: close() ends it, and a JVM exit without close() must not cut a send short.
    this.thread = new Thread(this::play, "local-run-load");
  }

  /** Starts playing at once. */
  static LoadDriver start(Settings settings) {
    LoadDriver driver = new LoadDriver(settings);
    driver.thread.start();
    return driver;
  }

  /** Simulated time of the live run played so far (zero while history plays). */
  Duration simulatedElapsed() {
    return live ? run.played() : Duration.ZERO;
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

  private void play() {
    try {
      EventSink sink = new PublisherSink();
      if (history != null) {
        LoadRun.Summary played = history.run(sink, () -> stopping);
        LOG.info("history played: {}", played);
      }
      live = true;
      LoadRun.Summary played = run.run(sink, () -> stopping);
      LOG.info("live run stopped: {}", played);
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

  private final class PublisherSink implements EventSink {
    @Override
    public boolean requestEvent(RequestEvent event) {
      boolean accepted = publisher.record(event);
      if (accepted) {
        requests.incrementAndGet();
      }
      return accepted;
    }

    @Override
    public boolean resourceSample(ResourceSample sample) {
      return publisher.recordSample(sample);
    }
  }
}
