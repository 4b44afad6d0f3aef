package io.slipstream.processor.app;

import io.slipstream.config.ConfigLoader;
import io.slipstream.contracts.Topics;
import java.util.concurrent.CountDownLatch;
import org.slf4j.LoggerFactory;

/**
 * Runs one processor instance against a Kafka cluster and schema registry.
 *
 * <p>Usage: {@code ProcessorMain [--config file.properties] [key=value ...]}. Configuration
 * precedence: defaults &lt; file &lt; environment ({@code KAFKA_*}, {@code SLIPSTREAM_*}) &lt;
 * command line.
 */
public final class ProcessorMain {
  private ProcessorMain() {}

  public static void main(String[] args) throws Exception {
    ConfigLoader.Arguments arguments;
    try {
      arguments = ConfigLoader.Arguments.parse(args);
    } catch (IllegalArgumentException e) {
      System.err.println(e.getMessage());
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
