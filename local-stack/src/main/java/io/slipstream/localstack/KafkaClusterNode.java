package io.slipstream.localstack;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import kafka.tools.StorageTool;
import org.apache.kafka.common.utils.Time;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The main class of one {@link KafkaCluster} node, in a JVM of its own: formats the node's log
 * directory unless it is formatted already (so a restarted node keeps its data), then runs a KRaft
 * server until SIGTERM (a clean shutdown) or SIGKILL.
 *
 * <p>It halts at once when its standard input ends: the JVM that started it has gone, even if that
 * JVM was killed with SIGKILL and ran no shutdown hook, and a node must not outlive it.
 *
 * <p>Arguments: the server properties file and the cluster id. Exit codes: 1 if formatting or
 * start-up fails, 2 on bad arguments.
 */
final class KafkaClusterNode {

  private static final Logger LOG = LoggerFactory.getLogger(KafkaClusterNode.class);

  private KafkaClusterNode() {}

  public static void main(String[] args) throws IOException {
    if (args.length != 2) {
      System.err.println("usage: KafkaClusterNode <server.properties> <cluster-id>");
      System.exit(2);
      return;
    }
    haltWhenParentGoes();
    Path propertiesFile = Path.of(args[0]);
    Properties props = new Properties();
    try (InputStream in = Files.newInputStream(propertiesFile)) {
      props.load(in);
    }
    format(propertiesFile, args[1]);
    KafkaRaftServer server = new KafkaRaftServer(new KafkaConfig(props), Time.SYSTEM);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  server.shutdown();
                  server.awaitShutdown();
                },
                "kafka-node-shutdown"));
    try {
      server.startup();
    } catch (RuntimeException e) {
      LOG.error("node {} failed to start", props.getProperty("node.id"), e);
      // Halt rather than exit: shutting a half-started server down can wait on its peers.
      Runtime.getRuntime().halt(1);
    }
    LOG.info("node {} started", props.getProperty("node.id"));
    server.awaitShutdown();
  }

  /** Formats the log directories as {@code kafka-storage.sh format --ignore-formatted} does. */
  private static void format(Path propertiesFile, String clusterId) {
    String[] args = {
      "format", "-t", clusterId, "-c", propertiesFile.toString(), "--ignore-formatted"
    };
    ByteArrayOutputStream output = new ByteArrayOutputStream();
    int exitCode;
    try (PrintStream printStream = new PrintStream(output, true, StandardCharsets.UTF_8)) {
      exitCode = StorageTool.execute(args, printStream);
    }
    String words = output.toString(StandardCharsets.UTF_8).trim();
    if (exitCode != 0) {
      LOG.error("formatting failed with exit code {}: {}", exitCode, words);
      Runtime.getRuntime().halt(1);
    }
    LOG.info("{}", words);
  }

  /**
   * Watches standard input, which the parent holds open and never writes to: it ends when the
   * parent's end closes, i.e. when the parent process is gone.
   */
  private static void haltWhenParentGoes() {
    Thread watcher =
        new Thread(
            () -> {
              try (InputStream in = System.in) {
                while (in.read() >= 0) {
                  // Nothing is ever sent; only the end of the stream matters.
                }
              } catch (IOException e) {
                LOG.warn("standard input failed ({}); taking it as the parent's end", e.toString());
              }
              LOG.warn("the parent process has gone; halting");
              Runtime.getRuntime().halt(0);
            },
            "parent-watcher");
    watcher.setDaemon(true);
    watcher.start();
  }
}
