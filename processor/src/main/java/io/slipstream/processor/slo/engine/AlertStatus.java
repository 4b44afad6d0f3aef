package io.slipstream.processor.slo.engine;

import java.nio.ByteBuffer;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * The alert state of one (SLO, severity), kept in a store so transitions are neither lost nor
 * repeated across restarts.
 *
 * @param firing whether the alert is firing
 * @param since when it last changed state (event time)
 * @param lastHeld when its condition last held (event time), for the resolve hold-down
 */
record AlertStatus(boolean firing, long since, long lastHeld) {
  static final AlertStatus INACTIVE = new AlertStatus(false, Long.MIN_VALUE, Long.MIN_VALUE);

  /** Serde: 1 byte firing, 8 bytes since, 8 bytes lastHeld. */
  static final class Codec implements Serde<AlertStatus> {
    @Override
    public Serializer<AlertStatus> serializer() {
      return (topic, status) ->
          status == null
              ? null
              : ByteBuffer.allocate(17)
                  .put((byte) (status.firing() ? 1 : 0))
                  .putLong(status.since())
                  .putLong(status.lastHeld())
                  .array();
    }

    @Override
    public Deserializer<AlertStatus> deserializer() {
      return (topic, bytes) -> {
        if (bytes == null) {
          return null;
        }
        if (bytes.length != 17) {
          throw new SerializationException("alert status must be 17 bytes, was " + bytes.length);
        }
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        return new AlertStatus(buffer.get() == 1, buffer.getLong(), buffer.getLong());
      };
    }
  }
}
