package io.slipstream.processor.slo.corrections;

import io.slipstream.processor.slo.documents.DocumentException;
import java.util.Optional;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the global store of corrections and the {@link CorrectionRegistry} in step with the
 * compacted {@code slo-corrections} topic: key = correction id, value = its document ({@link
 * CorrectionDocument#write}), a tombstone deletes it. A value that does not read, or names another
 * id, is logged and ignored.
 */
public final class SloCorrectionLoader implements Processor<String, String, Void, Void> {
  private static final Logger LOG = LoggerFactory.getLogger(SloCorrectionLoader.class);

  private final CorrectionRegistry registry;
  private final String storeName;
  private KeyValueStore<String, String> store;

  public SloCorrectionLoader(CorrectionRegistry registry, String storeName) {
    this.registry = registry;
    this.storeName = storeName;
  }

  @Override
  public void init(ProcessorContext<Void, Void> context) {
    store = context.getStateStore(storeName);
    try (var entries = store.all()) {
      entries.forEachRemaining(entry -> decode(entry.key, entry.value).ifPresent(registry::put));
    }
  }

  @Override
  public void process(Record<String, String> record) {
    if (record.key() == null) {
      LOG.warn("ignoring a correction without a key (the key must be the correction id)");
      return;
    }
    if (record.value() == null) {
      store.delete(record.key());
      registry.remove(record.key());
      LOG.info("correction {} deleted", record.key());
      return;
    }
    Optional<SloCorrection> correction = decode(record.key(), record.value());
    if (correction.isPresent()) {
      store.put(record.key(), record.value());
      registry.put(correction.get());
      LOG.info("correction {} in force", record.key());
    }
  }

  static Optional<SloCorrection> decode(String id, String value) {
    try {
      SloCorrection correction = CorrectionDocument.read(value);
      if (!correction.id().equals(id)) {
        LOG.error("rejected correction {}: its document is named {}", id, correction.id());
        return Optional.empty();
      }
      return Optional.of(correction);
    } catch (DocumentException e) {
      LOG.error("rejected correction {}: {}", id, e.toString());
      return Optional.empty();
    }
  }
}
