package io.slipstream.alertmanager.app;

import io.slipstream.alertmanager.bridge.AlertmanagerBridge;
import io.slipstream.alertmanager.config.BridgeConfig;
import java.time.Duration;

/**
 * Runs the Alertmanager bridge until the process is stopped.
 *
 * <p>Usage: {@code AlertmanagerBridgeMain [--config file.properties] [key=value ...]}, e.g. {@code
 * slipstream.alertmanager.url=http://am-1:9093,http://am-2:9093}. Precedence: defaults &lt; file
 * &lt; environment ({@code ALERTMANAGER_URL}, {@code SCHEMA_REGISTRY_URL}, {@code KAFKA_*}, {@code
 * SLIPSTREAM_*}) &lt; command line. Keys: see {@link BridgeConfig}.
 *
 * <p>Exit codes: the JVM's own after SIGTERM/SIGINT (143/130; the shutdown hook has committed what
 * was delivered by then), 1 if the bridge failed (so a supervisor restarts it; it resumes from the
 * committed offsets), 2 for a bad configuration.
 */
public final class AlertmanagerBridgeMain {
  private AlertmanagerBridgeMain() {}

  public static void main(String[] args) throws Exception {
    if (args.length == 1 && (args[0].equals("--help") || args[0].equals("-h"))) {
      System.out.println(
          "usage: AlertmanagerBridgeMain [--config FILE] [key=value ...]\n"
              + "  slipstream.alertmanager.url     Alertmanager base URL(s), comma-separated"
              + " (env ALERTMANAGER_URL; required)\n"
              + "  bootstrap.servers               Kafka (env KAFKA_BOOTSTRAP_SERVERS;"
              + " default 127.0.0.1:9092)\n"
              + "  slipstream.schema.registry.url  schema registry (env SCHEMA_REGISTRY_URL;"
              + " default http://127.0.0.1:8081)\n"
              + "  slipstream.topic.prefix         before the standard topic names, as the"
              + " processor's (env SLIPSTREAM_TOPIC_PREFIX; default none)\n"
              + "  slipstream.alerts.topic         default <prefix>slo-alerts (taken in full)\n"
              + "  slipstream.alerts.dlq.topic     default <prefix>slo-alerts-dlq (taken in full)\n"
              + "  group.id                        default slipstream-alertmanager-bridge\n"
              + "  slipstream.resend.interval      default 1m (firing alerts end 4 intervals"
              + " after the last re-send)\n"
              + "  slipstream.generator.url        e.g. http://slipstream:8080/dashboard/#slo={slo}&group={group}");
      return;
    }
    BridgeConfig config;
    try {
      config = BridgeConfig.load(args, System.getenv());
    } catch (IllegalArgumentException e) {
      System.err.println("alertmanager-bridge: " + e.getMessage() + " (--help for usage)");
      System.exit(2);
      return;
    }
    AlertmanagerBridge bridge = new AlertmanagerBridge(config);
    // The JVM waits for shutdown hooks, not for main: closing in the hook makes Ctrl-C and SIGTERM
    // commit what was delivered before the process ends.
    Runtime.getRuntime().addShutdownHook(new Thread(bridge::close, "alertmanager-bridge-shutdown"));
    bridge.start();
    while (!bridge.awaitTermination(Duration.ofMinutes(1))) {
      // Waiting for close() or a failure.
    }
    if (bridge.failure().isPresent()) {
      System.exit(1);
    }
  }
}
