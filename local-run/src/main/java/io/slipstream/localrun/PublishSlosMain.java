package io.slipstream.localrun;

import io.slipstream.config.EnvironmentConfig;
import io.slipstream.contracts.Topics;
import io.slipstream.processor.slo.definitions.SloDefinitionPublisher;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Publishes a directory of OpenSLO files to the compacted {@code slo-definitions} topic and exits:
 * the one-shot job that gives a deployment (docker-compose) its SLOs.
 *
 * <p>Kafka client settings come from the environment as for every Slipstream component ({@code
 * KAFKA_SASL_JAAS_CONFIG} → {@code sasl.jaas.config}, see {@link EnvironmentConfig}), with {@code
 * --kafka-property} winning over them: a container passes its SASL password from a secret the way
 * the other applications take theirs, not on the command line.
 *
 * <p>Exit codes: 0 when every file was valid and published, 1 when some SLOs were rejected (the
 * valid ones are published all the same) or Kafka failed, 2 on bad options.
 */
@Command(
    name = "slipstream-publish-slos",
    mixinStandardHelpOptions = true,
    description = "Publishes OpenSLO files to the slo-definitions topic.")
public final class PublishSlosMain implements Callable<Integer> {

  @Option(
      names = "--bootstrap-servers",
      description = "Kafka bootstrap servers (default: env KAFKA_BOOTSTRAP_SERVERS).")
  String bootstrapServers;

  @Option(names = "--slo-dir", required = true, description = "The directory of OpenSLO files.")
  Path sloDirectory;

  @Option(
      names = "--topic-prefix",
      defaultValue = "",
      description = "Prefix of Slipstream's topic names (default none).")
  String topicPrefix;

  @Option(
      names = "--prune",
      description = "Also remove SLOs on the topic that the files no longer define.")
  boolean prune;

  @Option(
      names = "--kafka-property",
      paramLabel = "KEY=VALUE",
      description =
          "A Kafka client setting, repeatable (security settings); wins over the same setting"
              + " from a KAFKA_* environment variable.")
  Map<String, String> kafkaProperties = new LinkedHashMap<>();

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  private final Map<String, String> environment;

  /** Reads the process environment. */
  public PublishSlosMain() {
    this(System.getenv());
  }

  PublishSlosMain(Map<String, String> environment) {
    this.environment = Map.copyOf(environment);
  }

  /** Publishes and exits with the code. */
  public static void main(String[] args) {
    if (System.getProperty("logback.configurationFile") == null) {
      System.setProperty("logback.configurationFile", LocalRunMain.LOGGING);
    }
    System.exit(new CommandLine(new PublishSlosMain()).execute(args));
  }

  @Override
  public Integer call() {
    String servers =
        bootstrapServers != null ? bootstrapServers : environment.get("KAFKA_BOOTSTRAP_SERVERS");
    if (servers == null) {
      throw new CommandLine.ParameterException(
          spec.commandLine(), "give --bootstrap-servers or set KAFKA_BOOTSTRAP_SERVERS");
    }
    PrintStream out = System.out;
    String topic = Topics.withPrefix(topicPrefix).sloDefinitions().name();
    try (SloDefinitionPublisher publisher =
        new SloDefinitionPublisher(
            servers,
            clientProperties(environment, kafkaProperties),
            topic,
            SloDefinitionPublisher.DEFAULT_READ_TIMEOUT)) {
      SloDefinitionPublisher.Summary summary =
          publisher.publishDirectory(
              sloDirectory,
              prune ? SloDefinitionPublisher.Mode.PRUNE : SloDefinitionPublisher.Mode.UPSERT);
      out.println("Published to " + topic + ": " + String.join(", ", summary.published()));
      if (!summary.removed().isEmpty()) {
        out.println("Removed: " + String.join(", ", summary.removed()));
      }
      if (!summary.isClean()) {
        out.println("Rejected:\n" + summary.errorReport());
        return 1;
      }
      return 0;
    }
  }

  /**
   * The publisher's Kafka client settings: those the {@code KAFKA_*} variables of {@code
   * environment} set, but the servers (an option of their own), under {@code options}.
   */
  static Map<String, String> clientProperties(
      Map<String, String> environment, Map<String, String> options) {
    Map<String, String> properties = new TreeMap<>(EnvironmentConfig.parse(environment));
    properties
        .keySet()
        .removeIf(key -> key.startsWith("slipstream.") || key.equals("bootstrap.servers"));
    properties.putAll(options);
    return properties;
  }
}
