package io.slipstream.processor.topology;

import java.util.OptionalLong;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * Where a task keeps its watermark in the {@link StoreNames#WATERMARK} store: the event time up to
 * which the task has published. The SLO stage resumes from it, and queries take it as "now", so a
 * window that ends now ends where the data is (the wall clock in production, the replayed or
 * simulated clock otherwise).
 */
public final class StoredWatermark {
  static final Bytes KEY = Bytes.wrap(new byte[] {'w'});

  private StoredWatermark() {}

  /** The watermark {@code store} holds, or empty before the task's inputs delivered anything. */
  public static OptionalLong read(ReadOnlyKeyValueStore<Bytes, Long> store) {
    Long stored = store.get(KEY);
    return stored == null ? OptionalLong.empty() : OptionalLong.of(stored);
  }
}
