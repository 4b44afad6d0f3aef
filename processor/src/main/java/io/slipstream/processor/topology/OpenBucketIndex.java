package io.slipstream.processor.topology;

import io.slipstream.processor.key.SliKey;
import io.slipstream.processor.key.TwoPartKeySerde;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The buckets not yet published, ordered by the event time at which they close (bucket end plus
 * grace), kept in a changelogged store so that a restarted task publishes exactly the buckets it
 * had not.
 *
 * <p>Key layout: close time (8 bytes, big-endian, so byte order is time order), rollup level (1
 * byte), bucket start (8 bytes), then the encoded {@link SliKey}.
 */
final class OpenBucketIndex {
  private static final byte[] PRESENT = new byte[0];
  private static final TwoPartKeySerde<SliKey> KEYS = TwoPartKeySerde.sliKeys();

  private final KeyValueStore<Bytes, byte[]> store;

  /** A bucket due for publication. */
  record OpenBucket(long closeAt, RollupLevel level, long bucketStart, SliKey key) {}

  OpenBucketIndex(KeyValueStore<Bytes, byte[]> store) {
    this.store = store;
  }

  void add(OpenBucket bucket) {
    byte[] key = KEYS.encode(bucket.key());
    ByteBuffer buffer = ByteBuffer.allocate(17 + key.length);
    buffer
        .putLong(bucket.closeAt())
        .put((byte) bucket.level().ordinal())
        .putLong(bucket.bucketStart())
        .put(key);
    store.put(Bytes.wrap(buffer.array()), PRESENT);
  }

  /**
   * Removes and returns, in close-time order, every bucket that closes at or before {@code
   * watermark}.
   */
  List<OpenBucket> takeDue(long watermark) {
    List<Bytes> dueKeys = new ArrayList<>();
    List<OpenBucket> due = new ArrayList<>();
    try (KeyValueIterator<Bytes, byte[]> entries = store.all()) {
      while (entries.hasNext()) {
        KeyValue<Bytes, byte[]> entry = entries.next();
        OpenBucket bucket = decode(entry.key.get());
        if (bucket.closeAt() > watermark) {
          break;
        }
        dueKeys.add(entry.key);
        due.add(bucket);
      }
    }
    dueKeys.forEach(store::delete);
    return due;
  }

  /** The earliest close time of an open bucket, or {@link Long#MAX_VALUE} when none is open. */
  long earliestCloseAt() {
    try (KeyValueIterator<Bytes, byte[]> entries = store.all()) {
      return entries.hasNext() ? decode(entries.next().key.get()).closeAt() : Long.MAX_VALUE;
    }
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
