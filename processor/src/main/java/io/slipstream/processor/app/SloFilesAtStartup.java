package io.slipstream.processor.app;

import io.slipstream.processor.slo.definitions.SloDefinitionPublisher;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes the SLO files named by {@value ProcessorConfig#SLO_DIRECTORY} to the definitions topic
 * when the processor starts, so files are the source of truth and the topic carries them to every
 * instance. Invalid SLOs are reported (file, field, reason) and skipped; the valid ones are
 * published.
 */
final class SloFilesAtStartup {
  private static final Logger LOG = LoggerFactory.getLogger(SloFilesAtStartup.class);

  private SloFilesAtStartup() {}

  static SloDefinitionPublisher.Summary publish(ProcessorConfig config, String topic) {
    String directory = config.get(ProcessorConfig.SLO_DIRECTORY);
    Map<String, Object> clientProperties = new HashMap<>(config.kafkaSettings());
    clientProperties.remove("application.id");
    try (SloDefinitionPublisher publisher =
        new SloDefinitionPublisher(
            config.get("bootstrap.servers"),
            clientProperties,
            topic,
            SloDefinitionPublisher.DEFAULT_READ_TIMEOUT)) {
      SloDefinitionPublisher.Summary summary =
          publisher.publishDirectory(Path.of(directory), SloDefinitionPublisher.Mode.UPSERT);
      LOG.info(
          "published {} SLO definitions from {}: {}",
          summary.published().size(),
          directory,
          summary.published());
      if (!summary.isClean()) {
        LOG.error("SLO definitions rejected:\n{}", summary.errorReport());
      }
      return summary;
    }
  }
}
