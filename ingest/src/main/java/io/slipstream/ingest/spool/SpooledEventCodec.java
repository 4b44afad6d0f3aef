package io.slipstream.ingest.spool;

import io.slipstream.avro.RequestEvent;
import io.slipstream.avro.ResourceSample;
import io.slipstream.ingest.IngestEvent;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;

/**
 * Encodes {@link IngestEvent}s as spool payloads: one byte for the kind, then Avro's single-object
 * encoding (a 2-byte marker, the 8-byte fingerprint of the writer's schema, the binary record).
 *
 * <p>The fingerprint makes a spool written by a build with another schema fail loudly on decode
 * instead of decoding garbage; no schema registry is needed to spool or to read back, so the spool
 * works when the registry is down too.
 */
public final class SpooledEventCodec {

  private static final byte REQUEST_EVENT = 1;
  private static final byte RESOURCE_SAMPLE = 2;

  private SpooledEventCodec() {}

  /** Returns the spool payload of {@code event}. */
  public static byte[] encode(IngestEvent event) {
    ByteBuffer body;
    byte kind;
    try {
      switch (event.kind()) {
        case REQUEST_EVENT -> {
          kind = REQUEST_EVENT;
          body = ((RequestEvent) event.record()).toByteBuffer();
        }
        case RESOURCE_SAMPLE -> {
          kind = RESOURCE_SAMPLE;
          body = ((ResourceSample) event.record()).toByteBuffer();
        }
        default -> throw new IllegalArgumentException("unknown kind " + event.kind());
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot encode " + event.kind(), e);
    }
    byte[] payload = new byte[1 + body.remaining()];
    payload[0] = kind;
    body.get(payload, 1, body.remaining());
    return payload;
  }

  /**
   * Decodes a spool payload.
   *
   * @throws IllegalArgumentException if the payload is not an event this build can read
   */
  public static IngestEvent decode(byte[] payload) {
    if (payload.length < 1) {
      throw new IllegalArgumentException("empty spool payload");
    }
    ByteBuffer body = ByteBuffer.wrap(payload, 1, payload.length - 1);
    try {
      return switch (payload[0]) {
        case REQUEST_EVENT -> IngestEvent.of(RequestEvent.fromByteBuffer(body));
        case RESOURCE_SAMPLE -> IngestEvent.of(ResourceSample.fromByteBuffer(body));
        default -> throw new IllegalArgumentException("unknown event kind byte " + payload[0]);
      };
    } catch (IOException | RuntimeException e) {
      if (e instanceof IllegalArgumentException illegal) {
        throw illegal;
      }
      throw new IllegalArgumentException("cannot decode a spooled event: " + e, e);
    }
  }
}
