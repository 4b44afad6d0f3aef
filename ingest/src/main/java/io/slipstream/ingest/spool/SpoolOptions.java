package io.slipstream.ingest.spool;

import java.time.Duration;
import java.util.Objects;

/**
 * How a {@link Spool} uses the disk.
 *
 * @param capBytes the most bytes the spool file may hold (records and their 8-byte headers,
 *     including replayed records whose space is reclaimed only when the whole backlog has been
 *     delivered); an append that would exceed it is refused
 * @param fsyncPolicy when flushed records are synced to the disk
 * @param fsyncInterval the least time between two syncs under {@link FsyncPolicy#INTERVAL}
 * @param checkpointInterval the least time between two writes of the acknowledged position; a crash
 *     replays at most what was delivered in this interval once more (at-least-once)
 */
public record SpoolOptions(
    long capBytes, FsyncPolicy fsyncPolicy, Duration fsyncInterval, Duration checkpointInterval) {

  /** 256 MiB: about 2.5 million request events of ~100 bytes. */
  public static final long DEFAULT_CAP_BYTES = 256L * 1024 * 1024;

  public SpoolOptions {
    if (capBytes <= 0) {
      throw new IllegalArgumentException("capBytes must be positive, was " + capBytes);
    }
    Objects.requireNonNull(fsyncPolicy, "fsyncPolicy");
    requireNotNegative(fsyncInterval, "fsyncInterval");
    requireNotNegative(checkpointInterval, "checkpointInterval");
  }

  /** A 256 MiB cap, an fsync at most every second, a checkpoint at most every second. */
  public static SpoolOptions defaults() {
    return new SpoolOptions(
        DEFAULT_CAP_BYTES, FsyncPolicy.INTERVAL, Duration.ofSeconds(1), Duration.ofSeconds(1));
  }

  /** Returns a copy with another cap. */
  public SpoolOptions withCapBytes(long newCapBytes) {
    return new SpoolOptions(newCapBytes, fsyncPolicy, fsyncInterval, checkpointInterval);
  }

  /** Returns a copy with another fsync policy. */
  public SpoolOptions withFsyncPolicy(FsyncPolicy newPolicy) {
    return new SpoolOptions(capBytes, newPolicy, fsyncInterval, checkpointInterval);
  }

  private static void requireNotNegative(Duration duration, String name) {
    Objects.requireNonNull(duration, name);
    if (duration.isNegative()) {
      throw new IllegalArgumentException(name + " must not be negative, was " + duration);
    }
  }
}
