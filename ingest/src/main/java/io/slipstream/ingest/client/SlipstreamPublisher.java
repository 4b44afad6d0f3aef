package io.slipstream.ingest.client;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.slipstream.avro.RequestEvent;
import io.slipstream.avro.ResourceSample;
import io.slipstream.ingest.IngestEvent;
import io.slipstream.ingest.IngestTopics;
import io.slipstream.ingest.spool.Spool;
import io.slipstream.ingest.spool.SpoolOptions;
import io.slipstream.serde.SchemaRegistrySettings;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes a service's request events and resource samples to Slipstream's Kafka topics, without
 * ever blocking or failing the service's request threads.
 *
 * <pre>{@code
 * SlipstreamPublisher publisher = SlipstreamPublisher.builder()
 *     .service("checkout")
 *     .bootstrapServers("kafka:9092")
 *     .schemaRegistryUrl("http://registry:8081")
 *     .spoolDirectory(Path.of("/var/lib/checkout/slipstream-spool"))
 *     .build();
 * // per request:
 * publisher.request("GET /carts/{id}").statusCode(200).latency(elapsed).record();
 * }</pre>
 *
 * <p><b>Never blocks.</b> {@code record(...)} only offers the event to a bounded in-memory queue
 * (10,000 events by default) and returns; a single sender thread does the rest. A queue rather than
 * the producer's own buffering: {@code KafkaProducer.send} blocks the calling thread while it waits
 * for topic metadata and while the serializer fetches a schema id from the registry over HTTP, and
 * both wait long exactly when Kafka or the registry is in trouble. When the queue is full the event
 * is dropped and counted in {@link PublisherMetrics#droppedQueueFull()}.
 *
 * <p><b>Producer.</b> Idempotent, {@code acks=all}, lz4 compression, 20 ms linger and 64 KiB
 * batches, key = service (UTF-8), value = Avro in the Confluent wire format. Idempotence, acks and
 * an unbounded delivery timeout are forced (they carry the ordering and no-loss guarantees); other
 * producer settings may be overridden with {@link Builder#kafkaProperty}.
 *
 * <p><b>Kafka unreachable.</b> A resilience4j circuit breaker hears of every event: acknowledged,
 * failed for lack of Kafka, or not acknowledged within the acknowledgement timeout (5 s). When it
 * opens, events go to a local append-only {@link Spool} (see there for the file format and {@link
 * io.slipstream.ingest.spool.FsyncPolicy} for durability); when Kafka answers again they are
 * replayed in order before newer events. Up to the spool's disk cap (256 MiB by default) nothing is
 * lost; past it events are dropped and counted in {@link PublisherMetrics#droppedSpoolFull()}.
 * Events are delivered exactly once and in order per service while the process lives; a crash
 * during replay may deliver up to one checkpoint interval of replayed events twice.
 *
 * <p><b>Memory.</b> Bounded by the queue capacity plus the in-flight limit (10,000 events handed to
 * the producer and not yet acknowledged; beyond it events go to the spool).
 *
 * <p>Thread-safe. {@link #close()} waits up to 10 s for Kafka to acknowledge what is in flight and
 * spools the rest for the next publisher on the same spool directory.
 */
public final class SlipstreamPublisher implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(SlipstreamPublisher.class);
  private static final Duration DEFAULT_CLOSE_TIMEOUT = Duration.ofSeconds(10);

  private final String service;
  private final String instance;
  private final String region;
  private final String zone;
  private final Clock clock;
  private final BlockingQueue<IngestEvent> queue;
  private final Producer<String, SpecificRecord> producer;
  private final Spool spool;
  private final CircuitBreaker breaker;
  private final PublisherMetrics metrics;
  private final EventSender sender;
  private final Thread senderThread;
  private final AtomicBoolean closed = new AtomicBoolean();

  private SlipstreamPublisher(Builder builder) {
    this.service = builder.service;
    this.instance = builder.instance;
    this.region = builder.region;
    this.zone = builder.zone;
    this.clock = builder.clock;
    this.metrics = new PublisherMetrics();
    this.queue = new ArrayBlockingQueue<>(builder.queueCapacity);
    this.breaker =
        CircuitBreaker.of("slipstream-publisher-" + service, builder.circuitBreakerConfig);
    Path spoolDirectory =
        builder.spoolDirectory != null
            ? builder.spoolDirectory
            : Path.of(System.getProperty("java.io.tmpdir"), "slipstream-spool", service);
    this.spool = Spool.open(spoolDirectory, builder.spoolOptions);
    try {
      this.producer = Builder.kafkaProducer(builder.producerConfig(), builder.topics);
    } catch (RuntimeException e) {
      spool.close();
      throw e;
    }
    this.sender =
        new EventSender(
            queue,
            producer,
            builder.topics,
            spool,
            breaker,
            metrics,
            builder.maxInFlight,
            builder.ackTimeout.toNanos());
    this.senderThread = new Thread(sender, "slipstream-publisher-" + service);
    senderThread.setDaemon(true);
    senderThread.start();
  }

  /** Returns a builder; {@link Builder#service} and {@link Builder#bootstrapServers} are needed. */
  public static Builder builder() {
    return new Builder();
  }

  /** Returns the service this publisher records for. */
  public String service() {
    return service;
  }

  /**
   * Starts a request event for {@code operation} (a route template or RPC method, e.g. {@code GET
   * /users/{id}}, never a raw URL); finish it with {@link RequestRecorder#record()}.
   */
  public RequestRecorder request(String operation) {
    return new RequestRecorder(this, operation);
  }

  /**
   * Records a finished HTTP request: outcome from the status code ({@link Outcomes}), trace ids
   * from the current OpenTelemetry span if any, timestamp now.
   *
   * @return whether the event was accepted (false: dropped and counted)
   */
  public boolean record(String operation, int statusCode, Duration latency) {
    return request(operation).statusCode(statusCode).latency(latency).record();
  }

  /**
   * Records a complete request event as given. Its service is the record key.
   *
   * @return whether the event was accepted (false: dropped and counted)
   */
  public boolean record(RequestEvent event) {
    return offer(IngestEvent.of(event));
  }

  /**
   * Records a resource sample of this instance taken now.
   *
   * @param cpuUtilization CPU use in [0, 1] of the instance's limit
   * @param memoryUtilization memory use in [0, 1] of the instance's limit
   * @return whether the sample was accepted (false: dropped and counted)
   */
  public boolean recordSample(double cpuUtilization, double memoryUtilization) {
    return recordSample(
        ResourceSample.newBuilder()
            .setService(service)
            .setInstance(instance == null ? "unknown" : instance)
            .setTimestamp(clock.instant())
            .setCpuUtilization(cpuUtilization)
            .setMemoryUtilization(memoryUtilization)
            .build());
  }

  /**
   * Records a resource sample as given. Its service is the record key.
   *
   * @return whether the sample was accepted (false: dropped and counted)
   */
  public boolean recordSample(ResourceSample sample) {
    return offer(IngestEvent.of(sample));
  }

  /** Returns the live counters of this publisher. */
  public PublisherMetrics metrics() {
    return metrics;
  }

  /** Returns the state of the circuit breaker in front of Kafka. */
  public CircuitBreaker.State circuitState() {
    return breaker.getState();
  }

  /** Closes with a 10 s timeout; see {@link #close(Duration)}. */
  @Override
  public void close() {
    close(DEFAULT_CLOSE_TIMEOUT);
  }

  /**
   * Stops accepting events, sends (or spools) what is queued, waits up to {@code timeout} for Kafka
   * to acknowledge what is in flight, spools what it did not acknowledge, and releases the producer
   * and the spool. Idempotent; events recorded afterwards are dropped and counted.
   */
  public void close(Duration timeout) {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    long deadline = System.nanoTime() + timeout.toNanos();
    sender.requestClose(deadline);
    try {
      senderThread.join(timeout.toMillis() + 5_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (senderThread.isAlive()) {
      LOG.error("Slipstream publisher {}: sender thread did not finish in time", service);
    }
    try {
      producer.close(Duration.ZERO);
    } catch (RuntimeException e) {
      LOG.error("Slipstream publisher {}: closing the producer failed", service, e);
    }
    try {
      spool.close();
    } catch (RuntimeException e) {
      LOG.error("Slipstream publisher {}: closing the spool failed", service, e);
    }
    LOG.info("Slipstream publisher {} closed: {}", service, metrics);
  }

  RequestEvent.Builder newRequestEvent() {
    return RequestEvent.newBuilder()
        .setService(service)
        .setTimestamp(clock.instant())
        .setInstance(instance)
        .setRegion(region)
        .setZone(zone);
  }

  private boolean offer(IngestEvent event) {
    if (closed.get()) {
      metrics.incrementDroppedClosed();
      return false;
    }
    if (!queue.offer(event)) {
      metrics.incrementDroppedQueueFull();
      return false;
    }
    return true;
  }

  /** The producer's and the value serializer's configuration, as the builder computed them. */
  record ProducerSettings(Map<String, Object> producer, Map<String, Object> serializer) {}

  /** Options of a {@link SlipstreamPublisher}. */
  public static final class Builder {

    private String service;
    private String bootstrapServers;
    private String schemaRegistryUrl;
    private final Map<String, Object> kafkaProperties = new LinkedHashMap<>();
    private final Map<String, Object> serdeProperties = new LinkedHashMap<>();
    private IngestTopics topics = IngestTopics.DEFAULTS;
    private Path spoolDirectory;
    private SpoolOptions spoolOptions = SpoolOptions.defaults();
    private int queueCapacity = 10_000;
    private int maxInFlight = 10_000;
    private Duration ackTimeout = Duration.ofSeconds(5);
    private CircuitBreakerConfig circuitBreakerConfig = defaultCircuitBreakerConfig();
    private String instance = System.getenv("HOSTNAME");
    private String region;
    private String zone;
    private Clock clock = Clock.systemUTC();

    private Builder() {}

    /**
     * The breaker's defaults: over the last 20 events (at least 5), open at 50 % failures; stay
     * open 2 s; then let one probe event through, whose acknowledgement closes it. Only failures
     * that mean "Kafka unavailable" count; an event Kafka refuses for its own sake does not.
     */
    public static CircuitBreakerConfig defaultCircuitBreakerConfig() {
      return CircuitBreakerConfig.custom()
          .slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
          .slidingWindowSize(20)
          .minimumNumberOfCalls(5)
          .failureRateThreshold(50)
          .waitDurationInOpenState(Duration.ofSeconds(2))
          .permittedNumberOfCallsInHalfOpenState(1)
          .recordException(PublisherFailures::isKafkaUnavailable)
          .build();
    }

    /** The service name: the record key and the {@code service} field. Required. */
    public Builder service(String name) {
      if (name == null || name.isBlank()) {
        throw new IllegalArgumentException("service must not be blank");
      }
      this.service = name;
      return this;
    }

    /** Kafka's {@code bootstrap.servers}. Required unless given as a Kafka property. */
    public Builder bootstrapServers(String servers) {
      this.bootstrapServers = servers;
      return this;
    }

    /** The Confluent-compatible schema registry's base URL ({@code schema.registry.url}). */
    public Builder schemaRegistryUrl(String url) {
      this.schemaRegistryUrl = url;
      return this;
    }

    /** A Kafka producer property, e.g. security settings; see the class doc for forced ones. */
    public Builder kafkaProperty(String name, Object value) {
      kafkaProperties.put(name, value);
      return this;
    }

    /** Kafka producer properties; see {@link #kafkaProperty}. */
    public Builder kafkaProperties(Map<String, ?> properties) {
      kafkaProperties.putAll(properties);
      return this;
    }

    /** A serializer property, e.g. {@code auto.register.schemas} or registry credentials. */
    public Builder serdeProperty(String name, Object value) {
      serdeProperties.put(name, value);
      return this;
    }

    /** The topics to write to (default {@link IngestTopics#DEFAULTS}). */
    public Builder topics(IngestTopics names) {
      this.topics = Objects.requireNonNull(names, "topics");
      return this;
    }

    /**
     * The spool's directory, one per publisher (default {@code
     * <tmpdir>/slipstream-spool/<service>}; give a directory that survives restarts).
     */
    public Builder spoolDirectory(Path directory) {
      this.spoolDirectory = directory;
      return this;
    }

    /** The spool's cap and fsync policy (default {@link SpoolOptions#defaults()}). */
    public Builder spoolOptions(SpoolOptions options) {
      this.spoolOptions = Objects.requireNonNull(options, "spoolOptions");
      return this;
    }

    /** Events the in-memory queue holds before it drops (default 10,000). */
    public Builder queueCapacity(int capacity) {
      this.queueCapacity = requirePositive(capacity, "queueCapacity");
      return this;
    }

    /** Events handed to the producer and not acknowledged before new ones spool (10,000). */
    public Builder maxInFlight(int count) {
      this.maxInFlight = requirePositive(count, "maxInFlight");
      return this;
    }

    /** How long an acknowledgement may take before Kafka counts as unavailable (5 s). */
    public Builder ackTimeout(Duration timeout) {
      this.ackTimeout = Objects.requireNonNull(timeout, "ackTimeout");
      return this;
    }

    /** Replaces the circuit breaker settings ({@link #defaultCircuitBreakerConfig()}). */
    public Builder circuitBreakerConfig(CircuitBreakerConfig config) {
      this.circuitBreakerConfig = Objects.requireNonNull(config, "circuitBreakerConfig");
      return this;
    }

    /** The instance (pod, host) put on events (default: the {@code HOSTNAME} variable). */
    public Builder instance(String name) {
      this.instance = name;
      return this;
    }

    /** The region put on events (default none). */
    public Builder region(String name) {
      this.region = name;
      return this;
    }

    /** The availability zone put on events (default none). */
    public Builder zone(String name) {
      this.zone = name;
      return this;
    }

    /** The clock that timestamps events (default UTC system clock). */
    public Builder clock(Clock eventClock) {
      this.clock = Objects.requireNonNull(eventClock, "clock");
      return this;
    }

    /**
     * Starts the publisher: opens (and recovers) the spool, creates the producer, starts the sender
     * thread. Connects to nothing yet.
     *
     * @throws IllegalStateException if the service is missing or the spool directory is in use
     */
    public SlipstreamPublisher build() {
      if (service == null) {
        throw new IllegalStateException("service is required");
      }
      return new SlipstreamPublisher(this);
    }

    ProducerSettings producerConfig() {
      Map<String, Object> config = new HashMap<>();
      config.put(ProducerConfig.CLIENT_ID_CONFIG, "slipstream-publisher-" + service);
      config.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
      config.put(ProducerConfig.LINGER_MS_CONFIG, 20);
      config.put(ProducerConfig.BATCH_SIZE_CONFIG, 64 * 1024);
      // Blocks only the sender thread; short, so a missing Kafka is noticed and events spool.
      config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 500);
      config.putAll(kafkaProperties);
      if (bootstrapServers != null) {
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
      }
      if (!config.containsKey(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG)) {
        throw new IllegalStateException("bootstrapServers is required");
      }
      // Forced: ordering and no loss depend on them (see the class doc).
      config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
      config.put(ProducerConfig.ACKS_CONFIG, "all");
      config.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 5);
      // The producer never gives up on an event during an outage: it delivers it when Kafka is
      // back, ahead of the spool. The in-flight limit bounds what it holds meanwhile.
      config.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, Integer.MAX_VALUE);
      Map<String, Object> serde = new HashMap<>(serdeProperties);
      if (schemaRegistryUrl != null) {
        serde.put(SchemaRegistrySettings.URL, schemaRegistryUrl);
      }
      // The sender thread waits for the registry until a schema id is cached (once per topic):
      // fail fast and let the circuit breaker retry, rather than block on the serde's retries.
      serde.putIfAbsent(SchemaRegistrySettings.REQUEST_TIMEOUT_MS, 2_000);
      serde.putIfAbsent(SchemaRegistrySettings.MAX_RETRIES, 0);
      return new ProducerSettings(Map.copyOf(config), Map.copyOf(serde));
    }

    private static Producer<String, SpecificRecord> kafkaProducer(
        ProducerSettings settings, IngestTopics topics) {
      return new KafkaProducer<>(
          settings.producer(),
          topics.keySerializer(settings.serializer()),
          topics.valueSerializer(settings.serializer()));
    }

    private static int requirePositive(int value, String name) {
      if (value <= 0) {
        throw new IllegalArgumentException(name + " must be positive, was " + value);
      }
      return value;
    }
  }
}
