package io.slipstream.processor.query;

import io.slipstream.processor.topology.StoreNames;
import io.slipstream.processor.topology.StoredWatermark;
import java.util.OptionalLong;
import java.util.function.LongSupplier;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * The "now" at which a query's trailing windows end: the event time the engine has reached on the
 * partition that holds the data asked about (its watermark). That is the wall clock, give or take
 * the settle delay, while the input is live, and the replayed or simulated clock while history is
 * played, so a window of the last hour holds the last hour of data either way. Before a partition
 * has seen any event the wall clock stands in, and the answer says so.
 */
final class QueryClock {
  /** {@link Now#source()} when the engine's event time answered. */
  static final String EVENT_TIME = "event-time";

  /** {@link Now#source()} when the partition has no event time yet. */
  static final String WALL_CLOCK = "wall-clock";

  private final PartitionStores stores;
  private final LongSupplier wallClock;

  QueryClock(PartitionStores stores, LongSupplier wallClock) {
    this.stores = stores;
    this.wallClock = wallClock;
  }

  /**
   * A query's now.
   *
   * @param millis epoch ms
   * @param source {@link #EVENT_TIME} or {@link #WALL_CLOCK}
   */
  record Now(long millis, String source) {}

  /** The now of the data on {@code partition}. */
  Now at(int partition) {
    ReadOnlyKeyValueStore<Bytes, Long> watermarks =
        stores.store(StoreNames.WATERMARK, QueryableStoreTypes.keyValueStore(), partition);
    OptionalLong watermark = StoredWatermark.read(watermarks);
    return watermark.isPresent()
        ? new Now(watermark.getAsLong(), EVENT_TIME)
        : new Now(wallClock.getAsLong(), WALL_CLOCK);
  }
}
