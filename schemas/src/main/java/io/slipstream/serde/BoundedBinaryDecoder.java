package io.slipstream.serde;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.apache.avro.io.Decoder;
import org.apache.avro.util.Utf8;

/**
 * Avro's binary encoding read from one byte array, refusing any length or item count larger than
 * the bytes left before allocating anything for it. Avro's own {@code BinaryDecoder} allocates a
 * string, bytes or map of the size a payload claims (up to 2 GB) before finding out the payload is
 * a few bytes long: one such record would exhaust the heap of whoever decodes it.
 *
 * <p>The limit on item counts assumes every item takes at least one byte, which holds for every
 * Slipstream schema (no arrays of {@code null} or of empty records). Not thread-safe: one per
 * thread, {@link #reset} per payload.
 */
final class BoundedBinaryDecoder extends Decoder {
  private byte[] buffer;
  private int position;
  private int end;

  /** Decodes {@code length} bytes of {@code payload} from {@code offset}. */
  BoundedBinaryDecoder reset(byte[] payload, int offset, int length) {
    this.buffer = payload;
    this.position = offset;
    this.end = offset + length;
    return this;
  }

  /** Whether every byte has been read. */
  boolean isEnd() {
    return position == end;
  }

  @Override
  public void readNull() {}

  @Override
  public boolean readBoolean() throws IOException {
    return next() == 1;
  }

  @Override
  public int readInt() throws IOException {
    long value = readVarLong(5);
    if (value > 0xFFFFFFFFL) {
      throw new IOException("invalid int encoding");
    }
    int raw = (int) value;
    return (raw >>> 1) ^ -(raw & 1);
  }

  @Override
  public long readLong() throws IOException {
    long raw = readVarLong(10);
    return (raw >>> 1) ^ -(raw & 1);
  }

  @Override
  public float readFloat() throws IOException {
    require(4);
    int bits =
        (buffer[position] & 0xff)
            | (buffer[position + 1] & 0xff) << 8
            | (buffer[position + 2] & 0xff) << 16
            | (buffer[position + 3] & 0xff) << 24;
    position += 4;
    return Float.intBitsToFloat(bits);
  }

  @Override
  public double readDouble() throws IOException {
    require(8);
    long bits = 0;
    for (int i = 7; i >= 0; i--) {
      bits = bits << 8 | (buffer[position + i] & 0xff);
    }
    position += 8;
    return Double.longBitsToDouble(bits);
  }

  @Override
  public Utf8 readString(Utf8 old) throws IOException {
    int length = readLength();
    Utf8 result = old != null ? old : new Utf8();
    result.setByteLength(length);
    System.arraycopy(buffer, position, result.getBytes(), 0, length);
    position += length;
    return result;
  }

  @Override
  public String readString() throws IOException {
    int length = readLength();
    String text = new String(buffer, position, length, StandardCharsets.UTF_8);
    position += length;
    return text;
  }

  @Override
  public void skipString() throws IOException {
    int length = readLength();
    position += length;
  }

  @Override
  public ByteBuffer readBytes(ByteBuffer old) throws IOException {
    int length = readLength();
    ByteBuffer result =
        old != null && old.capacity() >= length ? old.clear() : ByteBuffer.allocate(length);
    result.put(buffer, position, length).flip();
    position += length;
    return result;
  }

  @Override
  public void skipBytes() throws IOException {
    int length = readLength();
    position += length;
  }

  @Override
  public void readFixed(byte[] bytes, int start, int length) throws IOException {
    require(length);
    System.arraycopy(buffer, position, bytes, start, length);
    position += length;
  }

  @Override
  public void skipFixed(int length) throws IOException {
    require(length);
    position += length;
  }

  @Override
  public int readEnum() throws IOException {
    return readInt();
  }

  @Override
  public long readArrayStart() throws IOException {
    return readBlockCount();
  }

  @Override
  public long arrayNext() throws IOException {
    return readBlockCount();
  }

  @Override
  public long skipArray() throws IOException {
    return skipBlocks();
  }

  @Override
  public long readMapStart() throws IOException {
    return readBlockCount();
  }

  @Override
  public long mapNext() throws IOException {
    return readBlockCount();
  }

  @Override
  public long skipMap() throws IOException {
    return skipBlocks();
  }

  @Override
  public int readIndex() throws IOException {
    return readInt();
  }

  /**
   * The item count of the next block. A negative count is followed by the block's size in bytes,
   * which readers that do not skip ignore.
   */
  private long readBlockCount() throws IOException {
    long count = readLong();
    if (count < 0) {
      if (count == Long.MIN_VALUE) {
        throw new IOException("invalid block count " + count);
      }
      count = -count;
      readLong();
    }
    return requireItems(count);
  }

  /** Skips blocks that carry their size; returns the count of the first one that does not. */
  private long skipBlocks() throws IOException {
    while (true) {
      long count = readLong();
      if (count >= 0) {
        return requireItems(count);
      }
      long size = readLong();
      if (size < 0 || size > end - position) {
        throw new EOFException(
            "a block claims " + size + " bytes; " + (end - position) + " remain");
      }
      position += (int) size;
    }
  }

  /** {@code count} items, each at least one byte, must fit in what remains. */
  private long requireItems(long count) throws EOFException {
    if (count > end - position) {
      throw new EOFException(
          "a block claims " + count + " items but only " + (end - position) + " bytes remain");
    }
    return count;
  }

  /** A string or bytes length: non-negative and no more than the bytes left. */
  private int readLength() throws IOException {
    long length = readLong();
    if (length < 0) {
      throw new IOException("negative length " + length);
    }
    if (length > end - position) {
      throw new EOFException(
          "a length of " + length + " bytes exceeds the " + (end - position) + " that remain");
    }
    return (int) length;
  }

  private long readVarLong(int maxBytes) throws IOException {
    long value = 0;
    for (int shift = 0, i = 0; i < maxBytes; i++, shift += 7) {
      int b = next() & 0xff;
      value |= (long) (b & 0x7f) << shift;
      if ((b & 0x80) == 0) {
        return value;
      }
    }
    throw new IOException("invalid varint encoding: more than " + maxBytes + " bytes");
  }

  private byte next() throws IOException {
    if (position >= end) {
      throw new EOFException("payload ends in the middle of a value");
    }
    return buffer[position++];
  }

  private void require(int length) throws IOException {
    if (length < 0 || length > end - position) {
      throw new EOFException(
          "needs " + length + " bytes; " + (end - position) + " remain in the payload");
    }
  }
}
