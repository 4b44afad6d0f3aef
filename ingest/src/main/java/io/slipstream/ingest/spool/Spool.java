package io.slipstream.ingest.spool;

import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Optional;
import java.util.zip.CRC32C;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A local append-only file of opaque records that are read back in the order they were appended,
 * for events that could not be delivered yet.
 *
 * <p>Layout of {@value #LOG_FILE}: a sequence of records, each {@code [int length][int crc32c]
 * [payload]} (big-endian), the CRC-32C covering the four length bytes and the payload, so a torn or
 * corrupt record is recognised. {@value #CHECKPOINT_FILE} holds the position up to which records
 * were {@link #acknowledge(long) acknowledged} (8 bytes and their CRC-32C, replaced atomically). A
 * lock on {@value #LOCK_FILE} keeps two spools (in this or another process) off one directory.
 *
 * <p>Recovery on {@link #open}: records from the checkpoint on are verified; the first record that
 * is truncated or fails its checksum ends the log, and it and everything after it is cut off and
 * counted in {@link #corruptBytesDiscarded()}. A crash mid-append (a torn tail) therefore costs
 * only the record being written. A missing or corrupt checkpoint means "replay everything":
 * duplicates, never loss.
 *
 * <p>Durability: appends are buffered in memory (64 KiB) until {@link #flush()} (or a full buffer)
 * hands them to the operating system; {@link FsyncPolicy} decides when they are synced to the disk.
 *
 * <p>Space: the file only grows while a backlog exists; once every record appended has been
 * acknowledged it is truncated to zero. {@link SpoolOptions#capBytes()} bounds its size: {@link
 * #append} refuses records beyond it.
 *
 * <p>Not thread-safe: one thread (the publisher's sender) owns a spool.
 */
public final class Spool implements Closeable {

  /** The record log inside the spool directory. */
  public static final String LOG_FILE = "spool.log";

  /** The acknowledged position inside the spool directory. */
  public static final String CHECKPOINT_FILE = "spool.checkpoint";

  /** Held while a spool is open on the directory. */
  public static final String LOCK_FILE = "spool.lock";

  /** Bytes of each record's header: length and checksum. */
  public static final int HEADER_BYTES = 8;

  /** The largest payload accepted; a header announcing more is corrupt. */
  public static final int MAX_PAYLOAD_BYTES = 1 << 20;

  private static final Logger LOG = LoggerFactory.getLogger(Spool.class);
  private static final int WRITE_BUFFER_BYTES = 64 * 1024;

  private final Path directory;
  private final SpoolOptions options;
  private final FileChannel log;
  private final FileChannel lockChannel;
  private final FileLock lock;
  private final ByteBuffer writeBuffer = ByteBuffer.allocate(WRITE_BUFFER_BYTES);
  private final ByteBuffer headerBuffer = ByteBuffer.allocate(HEADER_BYTES);
  private final CRC32C crc = new CRC32C();
  private final long corruptBytesDiscarded;

  private long flushedPosition;
  private long readPosition;
  private long ackedPosition;
  private long checkpointedPosition;
  private long lastFsyncNanos = System.nanoTime();
  private long lastCheckpointNanos = System.nanoTime();
  private boolean unsynced;
  private boolean closed;
  private long skippedCorruptBytes;
  // A corrupt range skipped by readNext() counts as acknowledged once everything before it is.
  private long skippedFrom = -1;
  private long skippedTo = -1;

  private Spool(
      Path directory,
      SpoolOptions options,
      FileChannel log,
      FileChannel lockChannel,
      FileLock lock,
      long validEnd,
      long ackedPosition,
      long corruptBytesDiscarded) {
    this.directory = directory;
    this.options = options;
    this.log = log;
    this.lockChannel = lockChannel;
    this.lock = lock;
    this.flushedPosition = validEnd;
    this.readPosition = ackedPosition;
    this.ackedPosition = ackedPosition;
    this.checkpointedPosition = ackedPosition;
    this.corruptBytesDiscarded = corruptBytesDiscarded;
  }

  /**
   * Opens (creating if needed) the spool in {@code directory}, recovering what an earlier spool
   * left: unacknowledged records are read again, a corrupt tail is cut off.
   *
   * @throws IllegalStateException if another open spool holds the directory
   * @throws UncheckedIOException if the directory or its files cannot be used
   */
  public static Spool open(Path directory, SpoolOptions options) {
    FileChannel lockChannel = null;
    FileChannel log = null;
    try {
      Files.createDirectories(directory);
      lockChannel =
          FileChannel.open(
              directory.resolve(LOCK_FILE), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
      FileLock lock = tryLock(lockChannel, directory);
      log =
          FileChannel.open(
              directory.resolve(LOG_FILE),
              StandardOpenOption.CREATE,
              StandardOpenOption.READ,
              StandardOpenOption.WRITE);
      long size = log.size();
      long acked = readCheckpoint(directory.resolve(CHECKPOINT_FILE));
      if (acked > size) {
        // The log was truncated after the checkpoint was written (a reset cut short by a crash).
        acked = 0;
      }
      long validEnd = scanValidEnd(log, acked, size);
      long discarded = size - validEnd;
      if (discarded > 0) {
        LOG.warn(
            "Spool {}: discarded {} bytes of a torn or corrupt tail at position {}",
            directory,
            discarded,
            validEnd);
        log.truncate(validEnd);
        log.force(true);
      }
      if (validEnd > acked) {
        LOG.info("Spool {}: {} bytes of events left to replay", directory, validEnd - acked);
      }
      return new Spool(directory, options, log, lockChannel, lock, validEnd, acked, discarded);
    } catch (IOException e) {
      closeQuietly(log);
      closeQuietly(lockChannel);
      throw new UncheckedIOException("Cannot open the spool in " + directory, e);
    } catch (RuntimeException e) {
      closeQuietly(log);
      closeQuietly(lockChannel);
      throw e;
    }
  }

  /**
   * Appends a record unless that would take the file beyond the cap.
   *
   * @return {@code false} if the record was refused because the spool is full
   * @throws IllegalArgumentException if {@code payload} is longer than {@value #MAX_PAYLOAD_BYTES}
   */
  public boolean append(byte[] payload) {
    ensureOpen();
    if (payload.length > MAX_PAYLOAD_BYTES) {
      throw new IllegalArgumentException(
          "payload of " + payload.length + " bytes exceeds " + MAX_PAYLOAD_BYTES);
    }
    int recordBytes = HEADER_BYTES + payload.length;
    if (writePosition() + recordBytes > options.capBytes()) {
      return false;
    }
    if (recordBytes > writeBuffer.remaining()) {
      flushBuffer();
    }
    int checksum = checksum(payload.length, payload, 0, payload.length);
    if (recordBytes > writeBuffer.capacity()) {
      ByteBuffer record = ByteBuffer.allocate(recordBytes);
      record.putInt(payload.length).putInt(checksum).put(payload).flip();
      writeFully(record);
    } else {
      writeBuffer.putInt(payload.length).putInt(checksum).put(payload);
    }
    return true;
  }

  /** Returns whether records were appended that {@link #readNext()} has not returned yet. */
  public boolean hasUnread() {
    return readPosition < writePosition();
  }

  /**
   * Returns the next record not read since this spool was opened, in append order, or empty when
   * all have been read. A record in the file that fails its checksum now (the file was changed
   * under the spool) ends the readable log: it and what follows are skipped and logged.
   */
  public Optional<SpoolEntry> readNext() {
    ensureOpen();
    if (!hasUnread()) {
      return Optional.empty();
    }
    if (readPosition >= flushedPosition) {
      flushBuffer();
    }
    try {
      headerBuffer.clear();
      readFully(log, headerBuffer, readPosition);
      headerBuffer.flip();
      int length = headerBuffer.getInt();
      int expected = headerBuffer.getInt();
      if (length < 0
          || length > MAX_PAYLOAD_BYTES
          || readPosition + HEADER_BYTES + length > flushedPosition) {
        return skipCorrupt("impossible length " + length);
      }
      ByteBuffer payload = ByteBuffer.allocate(length);
      readFully(log, payload, readPosition + HEADER_BYTES);
      if (checksum(length, payload.array(), 0, length) != expected) {
        return skipCorrupt("checksum mismatch");
      }
      readPosition += HEADER_BYTES + length;
      return Optional.of(new SpoolEntry(payload.array(), readPosition));
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read the spool in " + directory, e);
    }
  }

  /**
   * Marks every record up to {@code endPosition} (an {@link SpoolEntry#endPosition()}) as
   * delivered. When nothing appended remains unacknowledged, the file is truncated to zero.
   *
   * @throws IllegalArgumentException if {@code endPosition} was not read yet or goes backwards
   */
  public void acknowledge(long endPosition) {
    ensureOpen();
    if (endPosition < ackedPosition || endPosition > readPosition) {
      throw new IllegalArgumentException(
          "cannot acknowledge up to "
              + endPosition
              + " with acknowledged "
              + ackedPosition
              + " and read "
              + readPosition);
    }
    ackedPosition = endPosition;
    if (ackedPosition == skippedFrom) {
      ackedPosition = skippedTo;
      skippedFrom = -1;
      skippedTo = -1;
    }
    if (ackedPosition == writePosition()) {
      reset();
    }
  }

  /**
   * Hands buffered records to the operating system, syncs them to the disk as the {@link
   * FsyncPolicy} says, and writes the acknowledged position if the checkpoint interval has passed.
   */
  public void flush() {
    ensureOpen();
    flushBuffer();
    long now = System.nanoTime();
    boolean sync =
        switch (options.fsyncPolicy()) {
          case ALWAYS -> unsynced;
          case INTERVAL -> unsynced && now - lastFsyncNanos >= options.fsyncInterval().toNanos();
          case NEVER -> false;
        };
    if (sync) {
      force();
    }
    if (ackedPosition != checkpointedPosition
        && now - lastCheckpointNanos >= options.checkpointInterval().toNanos()) {
      writeCheckpoint(ackedPosition);
    }
  }

  /** Returns the bytes the spool file holds, buffered appends included. */
  public long sizeBytes() {
    return writePosition();
  }

  /** Returns the bytes of records appended but not yet acknowledged. */
  public long unacknowledgedBytes() {
    return writePosition() - ackedPosition;
  }

  /** Returns the bytes cut off as torn or corrupt when this spool was opened or read. */
  public long corruptBytesDiscarded() {
    return corruptBytesDiscarded + skippedCorruptBytes;
  }

  /** Returns the directory of this spool. */
  public Path directory() {
    return directory;
  }

  /**
   * Flushes and syncs every appended record, writes the checkpoint and releases the directory.
   * Idempotent.
   */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    try {
      flushBuffer();
      force();
      if (ackedPosition != checkpointedPosition) {
        writeCheckpoint(ackedPosition);
      }
    } finally {
      closed = true;
      closeQuietly(log);
      try {
        lock.release();
      } catch (IOException e) {
        LOG.warn("Spool {}: cannot release the lock", directory, e);
      }
      closeQuietly(lockChannel);
    }
  }

  private Optional<SpoolEntry> skipCorrupt(String reason) {
    long end = writePosition();
    LOG.error(
        "Spool {}: record at position {} is corrupt ({}); skipping the {} bytes after it",
        directory,
        readPosition,
        reason,
        end - readPosition);
    skippedCorruptBytes += end - readPosition;
    skippedFrom = readPosition;
    skippedTo = end;
    readPosition = end;
    acknowledge(ackedPosition);
    return Optional.empty();
  }

  private long writePosition() {
    return flushedPosition + writeBuffer.position();
  }

  private void reset() {
    try {
      writeBuffer.clear();
      // Truncate before the checkpoint: a crash in between leaves a checkpoint beyond the end of
      // the log, which open() reads as "nothing acknowledged" of an empty log, losing nothing.
      log.truncate(0);
      flushedPosition = 0;
      readPosition = 0;
      ackedPosition = 0;
      skippedFrom = -1;
      skippedTo = -1;
      unsynced = true;
      writeCheckpoint(0);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot truncate the spool in " + directory, e);
    }
  }

  private void flushBuffer() {
    if (writeBuffer.position() == 0) {
      return;
    }
    writeBuffer.flip();
    writeFully(writeBuffer);
    writeBuffer.clear();
  }

  private void writeFully(ByteBuffer buffer) {
    try {
      while (buffer.hasRemaining()) {
        flushedPosition += log.write(buffer, flushedPosition);
      }
      unsynced = true;
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot write the spool in " + directory, e);
    }
  }

  private void force() {
    try {
      log.force(false);
      unsynced = false;
      lastFsyncNanos = System.nanoTime();
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot sync the spool in " + directory, e);
    }
  }

  private void writeCheckpoint(long position) {
    Path target = directory.resolve(CHECKPOINT_FILE);
    Path temp = directory.resolve(CHECKPOINT_FILE + ".tmp");
    ByteBuffer content = ByteBuffer.allocate(12);
    content.putLong(position);
    CRC32C checksum = new CRC32C();
    checksum.update(content.array(), 0, 8);
    content.putInt((int) checksum.getValue()).flip();
    try (FileChannel out =
        FileChannel.open(
            temp,
            StandardOpenOption.CREATE,
            StandardOpenOption.WRITE,
            StandardOpenOption.TRUNCATE_EXISTING)) {
      while (content.hasRemaining()) {
        out.write(content);
      }
      out.force(true);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot write the spool checkpoint in " + directory, e);
    }
    try {
      Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot replace the spool checkpoint in " + directory, e);
    }
    checkpointedPosition = position;
    lastCheckpointNanos = System.nanoTime();
  }

  private static long readCheckpoint(Path file) throws IOException {
    if (!Files.exists(file)) {
      return 0;
    }
    byte[] bytes = Files.readAllBytes(file);
    if (bytes.length != 12) {
      LOG.warn(
          "Spool checkpoint {} has {} bytes, not 12: replaying everything", file, bytes.length);
      return 0;
    }
    ByteBuffer buffer = ByteBuffer.wrap(bytes);
    long position = buffer.getLong();
    CRC32C checksum = new CRC32C();
    checksum.update(bytes, 0, 8);
    if ((int) checksum.getValue() != buffer.getInt() || position < 0) {
      LOG.warn("Spool checkpoint {} is corrupt: replaying everything", file);
      return 0;
    }
    return position;
  }

  /** Returns the end of the last intact record from {@code start} on. */
  private static long scanValidEnd(FileChannel log, long start, long size) throws IOException {
    ByteBuffer header = ByteBuffer.allocate(HEADER_BYTES);
    CRC32C crc = new CRC32C();
    long position = start;
    while (position + HEADER_BYTES <= size) {
      header.clear();
      readFully(log, header, position);
      header.flip();
      int length = header.getInt();
      int expected = header.getInt();
      if (length < 0 || length > MAX_PAYLOAD_BYTES || position + HEADER_BYTES + length > size) {
        return position;
      }
      ByteBuffer payload = ByteBuffer.allocate(length);
      readFully(log, payload, position + HEADER_BYTES);
      crc.reset();
      crc.update(ByteBuffer.allocate(4).putInt(length).array());
      crc.update(payload.array(), 0, length);
      if ((int) crc.getValue() != expected) {
        return position;
      }
      position += HEADER_BYTES + length;
    }
    return position;
  }

  private int checksum(int length, byte[] payload, int offset, int count) {
    crc.reset();
    crc.update(ByteBuffer.allocate(4).putInt(length).array());
    crc.update(payload, offset, count);
    return (int) crc.getValue();
  }

  private static void readFully(FileChannel channel, ByteBuffer buffer, long position)
      throws IOException {
    long at = position;
    while (buffer.hasRemaining()) {
      int read = channel.read(buffer, at);
      if (read < 0) {
        throw new IOException("unexpected end of file at " + at);
      }
      at += read;
    }
  }

  private static FileLock tryLock(FileChannel channel, Path directory) throws IOException {
    FileLock lock;
    try {
      lock = channel.tryLock();
    } catch (OverlappingFileLockException e) {
      lock = null;
    }
    if (lock == null) {
      throw new IllegalStateException(
          "The spool in " + directory + " is in use by another publisher");
    }
    return lock;
  }

  private void ensureOpen() {
    if (closed) {
      throw new IllegalStateException("The spool in " + directory + " is closed");
    }
  }

  private static void closeQuietly(FileChannel channel) {
    if (channel == null) {
      return;
    }
    try {
      channel.close();
    } catch (IOException e) {
      LOG.warn("Cannot close a spool file", e);
    }
  }
}
