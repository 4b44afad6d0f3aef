package io.slipstream.processor.slo.definitions;

import io.slipstream.processor.slo.engine.SloRegistry;
import io.slipstream.processor.slo.spec.OpenSloParser;
import io.slipstream.processor.slo.spec.SloDefinition;
import io.slipstream.processor.slo.spec.SloParseResult;
import java.util.Optional;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the global store of SLO definitions and the {@link SloRegistry} in step with the compacted
 * {@code slo-definitions} topic: key = SLO id, value = OpenSLO YAML holding that SLO (and what it
 * references), a tombstone removes it. A value that does not parse, or does not define the SLO its
 * key names, is logged with the parser's precise message and ignored; the SLO's previous definition
 * stays in force.
 */
public final class SloDefinitionLoader implements Processor<String, String, Void, Void> {
  private static final Logger LOG = LoggerFactory.getLogger(SloDefinitionLoader.class);

  private final SloRegistry registry;
  private final String storeName;
  private KeyValueStore<String, String> store;

  public SloDefinitionLoader(SloRegistry registry, String storeName) {
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
      LOG.warn("ignoring an SLO definition without a key (the key must be the SLO id)");
      return;
    }
    if (record.value() == null) {
      store.delete(record.key());
      registry.remove(record.key());
      LOG.info("SLO {} removed", record.key());
      return;
    }
    Optional<SloDefinition> definition = decode(record.key(), record.value());
    if (definition.isPresent()) {
      store.put(record.key(), record.value());
      registry.put(definition.get());
      LOG.info("SLO {} of service {} in force", record.key(), definition.get().service());
    }
  }

  /** The definition of SLO {@code id} in {@code yaml}, or empty (logged) when there is none. */
  static Optional<SloDefinition> decode(String id, String yaml) {
    SloParseResult result = OpenSloParser.parse(SloDefinitionTopic.sourceName(id), yaml);
    Optional<SloDefinition> definition =
        result.definitions().stream().filter(d -> d.id().equals(id)).findFirst();
    if (definition.isEmpty()) {
      LOG.error(
          "rejected the definition of SLO {}: {}",
          id,
          result.isClean() ? "it defines no SLO named " + id : result.errorReport());
    }
    return definition;
  }
}
