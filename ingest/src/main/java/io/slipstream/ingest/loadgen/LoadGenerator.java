package io.slipstream.ingest.loadgen;

import io.slipstream.contracts.Topics;
import io.slipstream.ingest.AppLogging;
import io.slipstream.ingest.IngestTopics;
import io.slipstream.ingest.client.SlipstreamPublisher;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Command-line load generator: plays N services × M operations at a given rate with lognormal
 * latencies, a baseline error ratio and scripted incidents, with time acceleration, through a
 * {@link SlipstreamPublisher}.
 *
 * <pre>
 * java -cp ... io.slipstream.ingest.loadgen.LoadGenerator \
 *   --bootstrap-servers 127.0.0.1:9092 --schema-registry-url http://127.0.0.1:8081 \
 *   --services 4 --operations 3 --rate 500 --duration 2m --acceleration 60 \
 *   --incident error-spike:service=checkout,start=30m,duration=20m,error-ratio=0.2
 * </pre>
 *
 * <p>With {@code --gateway-url URL --token T} instead of the Kafka options, events go through the
 * HTTP gateway (NDJSON batches). Exit code 0 when every event was delivered, 1 when some were
 * dropped, 2 on bad options.
 */
@Command(
    name = "slipstream-loadgen",
    mixinStandardHelpOptions = true,
    description = "Plays realistic request traffic and incidents into Slipstream's Kafka topics.")
public final class LoadGenerator implements Callable<Integer> {

  @Option(
      names = "--bootstrap-servers",
      description = "Kafka bootstrap servers (to send straight to Kafka).")
  String bootstrapServers;

  @Option(
      names = "--schema-registry-url",
      description = "Confluent-compatible schema registry base URL (with --bootstrap-servers).")
  String schemaRegistryUrl;

  @Option(
      names = "--gateway-url",
      description = "Send through the HTTP gateway at this base URL instead of straight to Kafka.")
  String gatewayUrl;

  @Option(names = "--token", description = "The gateway API token (with --gateway-url).")
  String token;

  @Option(names = "--services", defaultValue = "3", description = "Number of services (N).")
  int services;

  @Option(names = "--operations", defaultValue = "4", description = "Operations per service (M).")
  int operations;

  @Option(
      names = "--rate",
      defaultValue = "100",
      description = "Requests per wall-clock second, over all services.")
  double rate;

  @Option(
      names = "--duration",
      defaultValue = "60s",
      converter = DurationConverter.class,
      description = "How long to run on the wall clock, e.g. 90s, 5m.")
  Duration duration;

  @Option(
      names = "--max-requests",
      defaultValue = "" + Long.MAX_VALUE,
      description = "Stop after this many requests.")
  long maxRequests;

  @Option(
      names = "--acceleration",
      defaultValue = "1",
      description = "Simulated seconds per wall-clock second (60: an hour per minute).")
  double acceleration;

  @Option(names = "--start", description = "Simulated start instant (ISO-8601), default now.")
  Instant start;

  @Option(
      names = "--error-ratio",
      defaultValue = "0.001",
      description = "Baseline share of failing requests.")
  double errorRatio;

  @Option(
      names = "--latency-median",
      defaultValue = "40ms",
      converter = DurationConverter.class,
      description = "Baseline median latency of the first operation.")
  Duration latencyMedian;

  @Option(
      names = "--latency-sigma",
      defaultValue = "0.5",
      description = "Standard deviation of log latency (0.5: p99 ≈ 3.2 × median).")
  double latencySigma;

  @Option(
      names = "--incident",
      description =
          "Scripted incident, repeatable: error-spike|slow-burn:service=S,start=D,duration=D,"
              + "error-ratio=X; latency:...,factor=F; silence:service=S,start=D,duration=D.")
  List<String> incidents = new ArrayList<>();

  @Option(
      names = "--sample-interval",
      defaultValue = "10s",
      converter = DurationConverter.class,
      description = "Simulated time between resource samples of an instance (0s: none).")
  Duration sampleInterval;

  @Option(
      names = "--progress-interval",
      defaultValue = "5s",
      converter = DurationConverter.class,
      description = "Wall time between progress lines (0s: none).")
  Duration progressInterval;

  @Option(names = "--seed", description = "Random seed, for a reproducible run.")
  Long seed;

  @Option(names = "--request-topic", defaultValue = Topics.REQUEST_EVENTS)
  String requestTopic;

  @Option(names = "--sample-topic", defaultValue = Topics.RESOURCE_SAMPLES)
  String sampleTopic;

  @Option(
      names = "--spool-dir",
      description = "The publisher's spool directory (default: a fresh temporary one).")
  Path spoolDirectory;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  /** Runs the CLI and exits with its code. */
  public static void main(String[] args) {
    AppLogging.configure();
    System.exit(new CommandLine(new LoadGenerator()).execute(args));
  }

  @Override
  public Integer call() throws Exception {
    TrafficProfile profile;
    try {
      List<Incident> parsed = new ArrayList<>();
      for (String incident : incidents) {
        parsed.add(Incident.parse(incident));
      }
      profile =
          new TrafficProfile(
              errorRatio,
              new LognormalLatency(latencyMedian.toNanos() / 1_000.0, latencySigma),
              parsed);
    } catch (IllegalArgumentException e) {
      throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage(), e);
    }
    PrintWriter out = spec.commandLine().getOut();
    SplittableRandom random = seed == null ? new SplittableRandom() : new SplittableRandom(seed);
    TrafficGenerator traffic = new TrafficGenerator(services, operations, profile, random);
    SimulatedClock clock = new SimulatedClock(start == null ? Instant.now() : start, acceleration);
    LoadRun run =
        new LoadRun(
            traffic,
            clock,
            new LoadRun.Settings(rate, duration, maxRequests, sampleInterval, progressInterval));

    if (gatewayUrl != null) {
      if (token == null) {
        throw new CommandLine.ParameterException(spec.commandLine(), "--gateway-url needs --token");
      }
      return throughGateway(run, out);
    }
    if (bootstrapServers == null || schemaRegistryUrl == null) {
      throw new CommandLine.ParameterException(
          spec.commandLine(),
          "give --bootstrap-servers and --schema-registry-url, or --gateway-url and --token");
    }
    Path spool =
        spoolDirectory != null
            ? spoolDirectory
            : java.nio.file.Files.createTempDirectory("slipstream-loadgen-spool-");
    SlipstreamPublisher publisher =
        SlipstreamPublisher.builder()
            .service("slipstream-loadgen")
            .bootstrapServers(bootstrapServers)
            .schemaRegistryUrl(schemaRegistryUrl)
            .topics(IngestTopics.named(requestTopic, sampleTopic))
            .spoolDirectory(spool)
            .queueCapacity(queueCapacity())
            .build();
    LoadRun.Summary summary;
    try {
      announce(out);
      summary =
          run.run(
              new EventSink() {
                @Override
                public boolean requestEvent(io.slipstream.avro.RequestEvent event) {
                  return publisher.record(event);
                }

                @Override
                public boolean resourceSample(io.slipstream.avro.ResourceSample sample) {
                  return publisher.recordSample(sample);
                }
              },
              out);
    } finally {
      publisher.close(Duration.ofSeconds(30));
    }
    printSummary(out, summary, "publisher: " + publisher.metrics());
    return publisher.metrics().dropped() == 0 && summary.refused() == 0 ? 0 : 1;
  }

  private int throughGateway(LoadRun run, PrintWriter out) {
    LoadRun.Summary summary;
    GatewaySink sink = new GatewaySink(gatewayUrl, token, queueCapacity());
    try {
      announce(out);
      summary = run.run(sink, out);
    } finally {
      sink.close(Duration.ofSeconds(60));
    }
    printSummary(out, summary, "gateway: accepted=" + sink.accepted() + " failed=" + sink.failed());
    boolean complete =
        summary.refused() == 0
            && sink.failed() == 0
            && sink.accepted() == summary.requestEvents() + summary.resourceSamples();
    return complete ? 0 : 1;
  }

  private int queueCapacity() {
    return Math.max(10_000, (int) Math.min(1_000_000, rate * 2));
  }

  private void announce(PrintWriter out) {
    out.printf(
        "Playing %d services x %d operations at %.0f requests/s for %s, %.0fx accelerated%n",
        services, operations, rate, duration, acceleration);
    out.flush();
  }

  private static void printSummary(PrintWriter out, LoadRun.Summary summary, String delivery) {
    out.printf(
        "Done: %d requests, %d samples, %d refused, %d silenced in %s wall (%s simulated); %s%n",
        summary.requestEvents(),
        summary.resourceSamples(),
        summary.refused(),
        summary.silenced(),
        summary.wallTime().withNanos(0),
        summary.simulatedTime().withNanos(0),
        delivery);
    out.flush();
  }

  /**
   * Lets picocli read durations in Slipstream's grammar, such as {@code 90s} or {@code PT1M}; zero
   * is allowed, as some options read {@code 0s} as "none".
   */
  static final class DurationConverter implements CommandLine.ITypeConverter<Duration> {
    @Override
    public Duration convert(String value) {
      return io.slipstream.contracts.DurationText.parseNonNegative(value);
    }
  }
}
