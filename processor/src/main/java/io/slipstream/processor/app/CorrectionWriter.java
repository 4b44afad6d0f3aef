package io.slipstream.processor.app;

import io.slipstream.contracts.Topics;
import io.slipstream.processor.slo.corrections.CorrectionPublisher;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The instance's {@link CorrectionPublisher}, created on the first write (most instances never file
 * a correction, and a transactional producer costs a broker round trip to set up) and closed with
 * the instance.
 */
final class CorrectionWriter implements Supplier<CorrectionPublisher>, AutoCloseable {
  private final ProcessorConfig config;
  private final Topics topics;
  private CorrectionPublisher publisher;

  CorrectionWriter(ProcessorConfig config, Topics topics) {
    this.config = config;
    this.topics = topics;
  }

  @Override
  public synchronized CorrectionPublisher get() {
    if (publisher == null) {
      Map<String, Object> clientProperties = new HashMap<>(config.kafkaSettings());
      clientProperties
          .keySet()
          .removeIf(key -> key.startsWith("schema.registry.") || key.equals("application.id"));
      publisher =
          new CorrectionPublisher(
              config.get("bootstrap.servers"),
              clientProperties,
              topics.sloCorrections().name(),
              topics.sloCorrectionsAudit().name());
    }
    return publisher;
  }

  @Override
  public synchronized void close() {
    if (publisher != null) {
      publisher.close();
      publisher = null;
    }
  }
}
