package io.slipstream.processor.topology;

import io.slipstream.processor.key.SliKey;
import io.slipstream.processor.key.TwoPartKeySerde;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The buckets not yet published, ordered by the event time at which they close (bucket end plus
 * grace), kept in a changelogged store so that a restarted task publishes exactly the buckets it
 * had not.
 *
 * <p>Reads come from a copy in memory, loaded from the store once when the task starts: every
 * closed bucket is deleted from the store, and a RocksDB scan from the first key walks over the
 * tombstones of every bucket deleted since the last compaction, so scanning the store at each close
 * would cost more the longer the history replayed.
 *
 * <p>Key layout: close time (8 bytes, big-endian, so byte order is time order), rollup level (1
 * byte), bucket start (8 bytes), then the encoded {@link SliKey}.
 */
final class OpenBucketIndex {
  private static final byte[] PRESENT = new byte[0];
  private static final TwoPartKeySerde<SliKey> KEYS = TwoPartKeySerde.sliKeys();

  private final KeyValueStore<Bytes, byte[]> store;
  private final TreeMap<Bytes, OpenBucket> open = new TreeMap<>();

  /** A bucket due for publication. */
  record OpenBucket(long closeAt, RollupLevel level, long bucketStart, SliKey key) {}

  OpenBucketIndex(KeyValueStore<Bytes, byte[]> store) {
    this.store = store;
    try (KeyValueIterator<Bytes, byte[]> entries = store.all()) {
      while (entries.hasNext()) {
        Bytes key = entries.next().key;
        open.put(key, decode(key.get()));
      }
    }
  }

  void add(OpenBucket bucket) {
    byte[] key = KEYS.encode(bucket.key());
    ByteBuffer buffer = ByteBuffer.allocate(17 + key.length);
    buffer
        .putLong(bucket.closeAt())
        .put((byte) bucket.level().ordinal())
        .putLong(bucket.bucketStart())
        .put(key);
    Bytes stored = Bytes.wrap(buffer.array());
    if (open.put(stored, bucket) == null) {
      store.put(stored, PRESENT);
    }
  }

  /**
   * Removes and returns, in close-time order, every bucket that closes at or before {@code
   * watermark}.
   */
  List<OpenBucket> takeDue(long watermark) {
    List<OpenBucket> due = new ArrayList<>();
    Iterator<Map.Entry<Bytes, OpenBucket>> entries = open.entrySet().iterator();
    while (entries.hasNext()) {
      Map.Entry<Bytes, OpenBucket> entry = entries.next();
      if (entry.getValue().closeAt() > watermark) {
        break;
      }
      due.add(entry.getValue());
      store.delete(entry.getKey());
      entries.remove();
    }
    return due;
  }

  /** Every open bucket, in close-time order. */
  Collection<OpenBucket> all() {
    return Collections.unmodifiableCollection(open.values());
  }

  /** The earliest close time of an open bucket, or {@link Long#MAX_VALUE} when none is open. */
  long earliestCloseAt() {
    return open.isEmpty() ? Long.MAX_VALUE : open.firstEntry().getValue().closeAt();
  }

  private static OpenBucket decode(byte[] bytes) {
    ByteBuffer buffer = ByteBuffer.wrap(bytes);
    long closeAt = buffer.getLong();
    RollupLevel level = RollupLevel.values()[buffer.get()];
    long bucketStart = buffer.getLong();
    return new OpenBucket(
        closeAt, level, bucketStart, KEYS.decode(Arrays.copyOfRange(bytes, 17, bytes.length)));
  }
}
