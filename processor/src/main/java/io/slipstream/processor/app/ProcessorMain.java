package io.slipstream.processor.app;

import io.slipstream.config.ConfigLoader;
import io.slipstream.contracts.Topics;
import java.util.concurrent.CountDownLatch;
import org.slf4j.LoggerFactory;

/**
 * Runs one processor instance against a Kafka cluster and schema registry.
 *
 * <p>Usage: {@code ProcessorMain [--config file.properties] [key=value ...]}, or {@code --help} for
 * the main keys. Configuration precedence: defaults &lt; file &lt; environment ({@code KAFKA_*},
 * {@code SLIPSTREAM_*}) &lt; command line.
 */
public final class ProcessorMain {
  private ProcessorMain() {}

  /** What {@code --help} prints. */
  static final String USAGE =
      String.join(
          "\n",
          "usage: ProcessorMain [--config FILE] [key=value ...]",
          "Runs one Slipstream processor instance. Precedence: defaults < properties file (--config)"
              + " < environment (KAFKA_* -> Kafka keys, SLIPSTREAM_* -> slipstream.* keys)"
              + " < key=value arguments.",
          "  bootstrap.servers                Kafka (env KAFKA_BOOTSTRAP_SERVERS;"
              + " default 127.0.0.1:9092)",
          "  slipstream.schema.registry.url   schema registry (default http://127.0.0.1:8081)",
          "  application.id                   Kafka Streams application id (default slipstream)",
          "  state.dir                        Kafka Streams state (RocksDB); keep it across"
              + " restarts",
          "  slipstream.topic.prefix          before every topic name (default none)",
          "  slipstream.topic.replication.factor  of the topics it creates, changelogs too"
              + " (default: the cluster's)",
          "  slipstream.rack                  this instance's rack or zone: same-rack reads,"
              + " standbys in other racks (default none)",
          "  slipstream.slo.dir               OpenSLO, correction and SLA files published at start",
          "  slipstream.http.port             query API, probes, /metrics, dashboard (default 8080;"
              + " 0: a free port)",
          "  slipstream.http.host             address it binds (default 0.0.0.0)",
          "  slipstream.http.advertised.host  how other instances reach it (default: the bind"
              + " address if specific, else $HOSTNAME, else the host's name)",
          "  slipstream.http.token            bearer token the query API requires (default none)",
          "Every key, with its default: config/processor.properties in the distribution."
              + " Other keys go to Kafka Streams and its clients unchanged.");

  public static void main(String[] args) throws Exception {
    if (args.length == 1 && (args[0].equals("--help") || args[0].equals("-h"))) {
      System.out.println(USAGE);
      return;
    }
    ConfigLoader.Arguments arguments;
    try {
      arguments = ConfigLoader.Arguments.parse(args);
    } catch (IllegalArgumentException e) {
      System.err.println(e.getMessage() + " (--help for usage)");
      System.exit(2);
      return;
    }
    ProcessorConfig config =
        ProcessorConfig.load(arguments.file(), System.getenv(), arguments.settings());
    LoggerFactory.getLogger(ProcessorMain.class).info("configuration: {}", config);
    // The HTTP server (query API, probes, /metrics, dashboard) starts first: application.server
    // must name its port. slipstream.http.port (default 8080; 0 picks a free one).
    ServedProcessor processor =
        ServedProcessor.start(
            config, SliSettingsFromConfig.read(config), SliSettingsFromConfig.readSlo(config));
    if (config.get(ProcessorConfig.SLO_DIRECTORY) != null) {
      // After start: the processor has created the definitions topic if it was missing.
      Topics topics = Topics.withPrefix(config.get(ProcessorConfig.TOPIC_PREFIX, ""));
      SloFilesAtStartup.publish(config, topics.sloDefinitions().name());
      // Corrections and SLAs beside the SLO files.
      DocumentFilesAtStartup.publish(config, topics);
    }
    CountDownLatch stopped = new CountDownLatch(1);
    // The JVM waits for shutdown hooks, not for main: closing happens in the hook so Ctrl-C stops
    // cleanly.
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  processor.close();
                  stopped.countDown();
                },
                "slipstream-shutdown"));
    stopped.await();
  }
}
