package io.slipstream.processor.app;

import io.slipstream.processor.query.ServedProcessor;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
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
    Path file = null;
    Map<String, String> commandLine = new HashMap<>();
    for (int i = 0; i < args.length; i++) {
      if (args[i].equals("--config") && i + 1 < args.length) {
        file = Path.of(args[++i]);
      } else if (args[i].contains("=")) {
        commandLine.put(
            args[i].substring(0, args[i].indexOf('=')),
            args[i].substring(args[i].indexOf('=') + 1));
      } else {
        System.err.println(
            "unknown argument '" + args[i] + "'; expected --config FILE or key=value");
        System.exit(2);
      }
    }
    ProcessorConfig config = ProcessorConfig.load(file, System.getenv(), commandLine);
    LoggerFactory.getLogger(ProcessorMain.class).info("configuration: {}", config);
    // The HTTP server (query API, probes, /metrics, dashboard) starts first: application.server
    // must name its port. slipstream.http.port (default 8080; 0 picks a free one).
    ServedProcessor processor =
        ServedProcessor.start(
            config, SliSettingsFromConfig.read(config), SliSettingsFromConfig.readSlo(config));
    if (config.get(ProcessorConfig.SLO_DIRECTORY) != null) {
      // After start: the processor has created the definitions topic if it was missing.
      io.slipstream.processor.topology.Topics topics =
          io.slipstream.processor.topology.Topics.withPrefix(
              config.get(ProcessorConfig.TOPIC_PREFIX, ""));
      SloFilesAtStartup.publish(config, topics.sloDefinitions());
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
