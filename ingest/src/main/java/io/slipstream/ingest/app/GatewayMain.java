package io.slipstream.ingest.app;

import io.slipstream.config.SecretSettings;
import io.slipstream.ingest.AppLogging;
import io.slipstream.ingest.gateway.GatewayConfig;
import io.slipstream.ingest.gateway.GatewayServer;
import io.slipstream.ingest.gateway.KafkaEventPublisher;
import io.slipstream.ingest.otlp.OtlpTraceEndpoint;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the gateway with its configuration from the environment (see {@link GatewayConfig}): the
 * gateway's server with every endpoint, JSON batches and OTLP traces. It sits above both, so
 * neither the gateway nor the OTLP endpoint depends on the other's wiring.
 */
public final class GatewayMain {

  private GatewayMain() {}

  public static void main(String[] args) throws InterruptedException {
    AppLogging.configure();
    Logger log = LoggerFactory.getLogger(GatewayMain.class);
    GatewayServer server;
    try {
      server = startFromEnvironment(System.getenv());
    } catch (IllegalArgumentException e) {
      System.err.println("slipstream-gateway: " + e.getMessage());
      System.exit(2);
      return;
    }
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  log.info("Stopping the Slipstream gateway");
                  try {
                    server.close();
                  } catch (RuntimeException e) {
                    log.error("The gateway did not stop cleanly", e);
                  }
                  stopped.countDown();
                },
                "slipstream-gateway-shutdown"));
    stopped.await();
  }

  /**
   * Reads the configuration from {@code env} (see {@link GatewayConfig}), logs the Kafka settings
   * with their secrets hidden, and starts the gateway.
   *
   * @throws IllegalArgumentException naming a missing or malformed variable
   */
  public static GatewayServer startFromEnvironment(Map<String, String> env) {
    GatewayConfig config = GatewayConfig.fromEnvironment(env);
    Map<String, String> kafka = GatewayConfig.kafkaClientProperties(env);
    LoggerFactory.getLogger(GatewayMain.class)
        .info("Kafka producer settings from the environment: {}", SecretSettings.masked(kafka));
    return start(config, kafka);
  }

  /** Creates the Kafka publisher and the server with every endpoint, and starts it. */
  public static GatewayServer start(GatewayConfig config, Map<String, ?> extraProducerProperties) {
    KafkaEventPublisher publisher =
        KafkaEventPublisher.create(
            config.bootstrapServers(),
            config.schemaRegistryUrl(),
            config.topics(),
            extraProducerProperties);
    GatewayServer server =
        new GatewayServer(config.settings(), config.tokens(), publisher, Clock.systemUTC());
    OtlpTraceEndpoint.register(server);
    return server.start();
  }
}
