package io.slipstream.serde;

import java.nio.ByteBuffer;

/**
 * The Confluent Schema Registry wire format: byte 0 is the magic byte {@code 0}, bytes 1–4 the
 * schema id (big-endian signed int), then the Avro binary encoding of the record with that schema.
 */
public final class WireFormat {
  /** The only magic byte defined by the format. */
  public static final byte MAGIC_BYTE = 0;

  /** Magic byte plus schema id. */
  public static final int HEADER_LENGTH = 5;

  private WireFormat() {}

  /**
   * Reads and checks the header.
   *
   * @return the schema id
   * @throws WireFormatException if the payload is empty, shorter than the header, or does not start
   *     with the magic byte
   */
  public static int readSchemaId(byte[] payload) {
    if (payload.length == 0) {
      throw new WireFormatException(
          WireFormatException.Reason.EMPTY_PAYLOAD,
          "payload is empty; expected magic byte 0 and a schema id");
    }
    if (payload[0] != MAGIC_BYTE) {
      throw new WireFormatException(
          WireFormatException.Reason.WRONG_MAGIC_BYTE,
          "unknown magic byte "
              + payload[0]
              + " (0x"
              + String.format("%02x", payload[0])
              + "); expected 0");
    }
    if (payload.length < HEADER_LENGTH) {
      throw new WireFormatException(
          WireFormatException.Reason.TOO_SHORT,
          "payload of " + payload.length + " bytes is shorter than the 5-byte header");
    }
    return ByteBuffer.wrap(payload, 1, 4).getInt();
  }

  /** Writes the 5-byte header for {@code schemaId} into {@code target} at its start. */
  public static void writeHeader(byte[] target, int schemaId) {
    target[0] = MAGIC_BYTE;
    target[1] = (byte) (schemaId >>> 24);
    target[2] = (byte) (schemaId >>> 16);
    target[3] = (byte) (schemaId >>> 8);
    target[4] = (byte) schemaId;
  }
}
