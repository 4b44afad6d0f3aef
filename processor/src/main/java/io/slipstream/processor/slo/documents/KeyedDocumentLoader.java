package io.slipstream.processor.slo.documents;

import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps a global store and an in-memory registry in step with a compacted topic of Slipstream
 * documents (corrections, SLAs): key = the document's id, value = its text, a tombstone removes it.
 * A value that does not read, or names another id, is logged with the reader's message and ignored;
 * what was in force under that id stays.
 *
 * @param <T> the document's model
 */
public final class KeyedDocumentLoader<T> implements Processor<String, String, Void, Void> {
  private static final Logger LOG = LoggerFactory.getLogger(KeyedDocumentLoader.class);

  private final String what;
  private final String storeName;
  private final Function<String, T> reader;
  private final Function<T, String> idOf;
  private final Consumer<T> put;
  private final Consumer<String> remove;
  private KeyValueStore<String, String> store;

  /**
   * @param what what the documents are, for logs (e.g. "correction")
   * @param reader reads a value; throws {@link DocumentException} when it cannot
   */
  public KeyedDocumentLoader(
      String what,
      String storeName,
      Function<String, T> reader,
      Function<T, String> idOf,
      Consumer<T> put,
      Consumer<String> remove) {
    this.what = what;
    this.storeName = storeName;
    this.reader = reader;
    this.idOf = idOf;
    this.put = put;
    this.remove = remove;
  }

  @Override
  public void init(ProcessorContext<Void, Void> context) {
    store = context.getStateStore(storeName);
    try (var entries = store.all()) {
      entries.forEachRemaining(entry -> decode(entry.key, entry.value).ifPresent(put));
    }
  }

  @Override
  public void process(Record<String, String> record) {
    if (record.key() == null) {
      LOG.warn("ignoring a {} without a key (the key must be its id)", what);
      return;
    }
    if (record.value() == null) {
      store.delete(record.key());
      remove.accept(record.key());
      LOG.info("{} {} removed", what, record.key());
      return;
    }
    Optional<T> value = decode(record.key(), record.value());
    if (value.isPresent()) {
      store.put(record.key(), record.value());
      put.accept(value.get());
      LOG.info("{} {} in force", what, record.key());
    }
  }

  private Optional<T> decode(String id, String text) {
    try {
      T value = reader.apply(text);
      if (!idOf.apply(value).equals(id)) {
        LOG.error("rejected {} {}: its document is named {}", what, id, idOf.apply(value));
        return Optional.empty();
      }
      return Optional.of(value);
    } catch (DocumentException e) {
      LOG.error("rejected {} {}: {}", what, id, e.toString());
      return Optional.empty();
    }
  }
}
