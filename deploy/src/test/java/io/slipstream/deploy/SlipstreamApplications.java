package io.slipstream.deploy;

import io.slipstream.alertmanager.app.AlertmanagerBridgeMain;
import io.slipstream.alertmanager.config.BridgeConfig;
import io.slipstream.config.ConfigLoader;
import io.slipstream.ingest.IngestEvent;
import io.slipstream.ingest.app.GatewayMain;
import io.slipstream.ingest.gateway.ApiTokens;
import io.slipstream.ingest.gateway.EventPublisher;
import io.slipstream.ingest.gateway.GatewayConfig;
import io.slipstream.ingest.gateway.GatewayServer;
import io.slipstream.ingest.gateway.GatewaySettings;
import io.slipstream.ingest.otlp.OtlpTraceEndpoint;
import io.slipstream.localrun.PublishSlosMain;
import io.slipstream.processor.app.ProcessorConfig;
import io.slipstream.processor.app.ProcessorMain;
import io.slipstream.processor.app.SliSettingsFromConfig;
import io.slipstream.processor.app.StreamsSettings;
import io.slipstream.processor.query.QueryServer;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.state.HostInfo;
import picocli.CommandLine;

/**
 * What the checks know of each Slipstream main class that a manifest runs, each answer taken from
 * the application's own code: how it reads the arguments and environment a container gives it (and
 * whether it accepts them), which port its HTTP server will listen on, and a running server to ask
 * which paths it serves.
 */
final class SlipstreamApplications {

  static final String PROCESSOR = ProcessorMain.class.getName();
  static final String GATEWAY = GatewayMain.class.getName();
  static final String BRIDGE = AlertmanagerBridgeMain.class.getName();
  static final String SLO_PUBLISHER = PublishSlosMain.class.getName();

  private SlipstreamApplications() {}

  /**
   * What an application makes of its settings.
   *
   * @param httpPort the port its HTTP server listens on, if it has one
   * @param advertisedHost the host it names as {@code application.server} (the processor)
   * @param sloDirectory the directory of SLO files it publishes (the SLO publisher)
   */
  record Configured(
      OptionalInt httpPort, Optional<String> advertisedHost, Optional<Path> sloDirectory) {}

  /**
   * Reads {@code args} and {@code environment} as the main class does.
   *
   * @throws Exception whatever the application would fail with at start
   * @throws AssertionError for a main class these checks do not know
   */
  static Configured configure(String mainClass, List<String> args, Map<String, String> environment)
      throws Exception {
    if (mainClass.equals(PROCESSOR)) {
      ConfigLoader.Arguments arguments = ConfigLoader.Arguments.parse(args.toArray(String[]::new));
      ProcessorConfig config =
          ProcessorConfig.load(arguments.file(), environment, arguments.settings());
      SliSettingsFromConfig.read(config);
      SliSettingsFromConfig.readSlo(config);
      // Kafka Streams checks its own settings' types and ranges (num.standby.replicas, ...).
      new StreamsConfig(StreamsSettings.streamsProperties(config));
      int port =
          Integer.parseInt(
              config
                  .get(
                      ProcessorConfig.HTTP_PORT,
                      Integer.toString(ProcessorConfig.DEFAULT_HTTP_PORT))
                  .trim());
      String host = config.get(ProcessorConfig.HTTP_ADVERTISED_HOST, "localhost");
      // As ServedProcessor builds application.server.
      HostInfo.buildFromEndpoint(host + ":" + port);
      return new Configured(OptionalInt.of(port), Optional.of(host), Optional.empty());
    }
    if (mainClass.equals(GATEWAY)) {
      if (!args.isEmpty()) {
        throw new IllegalArgumentException("the gateway reads no arguments, got " + args);
      }
      GatewayConfig config = GatewayConfig.fromEnvironment(environment);
      return new Configured(
          OptionalInt.of(config.settings().port()), Optional.empty(), Optional.empty());
    }
    if (mainClass.equals(BRIDGE)) {
      BridgeConfig.load(args.toArray(String[]::new), environment);
      return new Configured(OptionalInt.empty(), Optional.empty(), Optional.empty());
    }
    if (mainClass.equals(SLO_PUBLISHER)) {
      CommandLine.ParseResult parsed =
          new CommandLine(new PublishSlosMain()).parseArgs(args.toArray(String[]::new));
      if (!parsed.hasMatchedOption("--bootstrap-servers")
          && environment.get("KAFKA_BOOTSTRAP_SERVERS") == null) {
        throw new IllegalArgumentException("no --bootstrap-servers and no KAFKA_BOOTSTRAP_SERVERS");
      }
      Path directory = parsed.matchedOptionValue("--slo-dir", null);
      return new Configured(OptionalInt.empty(), Optional.empty(), Optional.of(directory));
    }
    throw new AssertionError(
        "no checks for main class " + mainClass + ": add them to SlipstreamApplications");
  }

  /** A running HTTP server of an application, with nothing behind it. */
  interface Server extends AutoCloseable {
    int port();

    @Override
    void close();
  }

  /** Starts the HTTP server of {@code mainClass} on a free loopback port. */
  static Server startHttpServer(String mainClass) {
    if (mainClass.equals(PROCESSOR)) {
      // Not attached to a Kafka Streams client: probes and /metrics answer, 503 until attached.
      // With a token, as the manifests configure it: what the kubelet and Prometheus call must
      // answer without one.
      QueryServer server = QueryServer.start("127.0.0.1", 0, "probe-token");
      return new Server() {
        @Override
        public int port() {
          return server.port();
        }

        @Override
        public void close() {
          server.close();
        }
      };
    }
    if (mainClass.equals(GATEWAY)) {
      GatewayServer server =
          new GatewayServer(
              GatewaySettings.loopbackDefaults(),
              ApiTokens.parse("probe=*"),
              new NoEventPublisher(),
              Clock.systemUTC());
      // The endpoints GatewayMain registers.
      OtlpTraceEndpoint.register(server);
      server.start();
      return new Server() {
        @Override
        public int port() {
          return server.port();
        }

        @Override
        public void close() {
          server.close();
        }
      };
    }
    throw new AssertionError(mainClass + " serves no HTTP that these checks know");
  }

  private static final class NoEventPublisher implements EventPublisher {
    @Override
    public CompletableFuture<Void> publish(List<IngestEvent> events) {
      return CompletableFuture.completedFuture(null);
    }

    @Override
    public void close() {}
  }
}
