package io.slipstream.processor.key;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.function.BiFunction;
import java.util.function.Function;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Encodes a (service, part) key as a 2-byte service length, the service in UTF-8, then the part in
 * UTF-8. All keys of one service share the prefix, so a store can range over a service's keys.
 */
public final class TwoPartKeySerde<K> implements Serde<K> {
  private final Function<K, String> first;
  private final Function<K, String> second;
  private final BiFunction<String, String, K> constructor;

  private TwoPartKeySerde(
      Function<K, String> first,
      Function<K, String> second,
      BiFunction<String, String, K> constructor) {
    this.first = first;
    this.second = second;
    this.constructor = constructor;
  }

  public static TwoPartKeySerde<SliKey> sliKeys() {
    return new TwoPartKeySerde<>(SliKey::service, SliKey::operation, SliKey::new);
  }

  public static TwoPartKeySerde<InstanceKey> instanceKeys() {
    return new TwoPartKeySerde<>(InstanceKey::service, InstanceKey::instance, InstanceKey::new);
  }

  /** The encoded key. */
  public byte[] encode(K key) {
    byte[] service = first.apply(key).getBytes(StandardCharsets.UTF_8);
    byte[] part = second.apply(key).getBytes(StandardCharsets.UTF_8);
    if (service.length > 0xFFFF) {
      throw new SerializationException(
          "service name of " + service.length + " bytes is too long for a key");
    }
    return ByteBuffer.allocate(2 + service.length + part.length)
        .putShort((short) service.length)
        .put(service)
        .put(part)
        .array();
  }

  /** The key encoded in {@code bytes}. */
  public K decode(byte[] bytes) {
    if (bytes.length < 2) {
      throw new SerializationException(
          "key of " + bytes.length + " bytes is shorter than its 2-byte header");
    }
    int serviceLength = ((bytes[0] & 0xFF) << 8) | (bytes[1] & 0xFF);
    if (2 + serviceLength > bytes.length) {
      throw new SerializationException(
          "key declares a "
              + serviceLength
              + "-byte service but holds "
              + (bytes.length - 2)
              + " bytes");
    }
    return constructor.apply(
        new String(bytes, 2, serviceLength, StandardCharsets.UTF_8),
        new String(
            bytes, 2 + serviceLength, bytes.length - 2 - serviceLength, StandardCharsets.UTF_8));
  }

  @Override
  public Serializer<K> serializer() {
    return (topic, key) -> key == null ? null : encode(key);
  }

  @Override
  public Deserializer<K> deserializer() {
    return (topic, bytes) -> bytes == null ? null : decode(bytes);
  }
}
