package io.slipstream.bench;

import com.datadoghq.sketch.ddsketch.DDSketch;
import com.datadoghq.sketch.ddsketch.DDSketches;
import com.datadoghq.sketch.ddsketch.encoding.ByteArrayInput;
import com.datadoghq.sketch.ddsketch.encoding.GrowingByteArrayOutput;
import com.datadoghq.sketch.ddsketch.encoding.VarEncodingHelper;
import com.datadoghq.sketch.ddsketch.store.UnboundedSizeDenseStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * The aggregate value a user would write for the naive DSL baseline: request count, error count and
 * a DDSketch of latencies (1 % relative accuracy, unbounded dense store, as Slipstream's buckets
 * use). Mutable, as DSL aggregators usually are.
 */
final class NaiveSloAggregate {
  static final double RELATIVE_ACCURACY = 0.01;

  private final DDSketch sketch;
  private long count;
  private long errors;

  NaiveSloAggregate() {
    this(DDSketches.unboundedDense(RELATIVE_ACCURACY), 0, 0);
  }

  private NaiveSloAggregate(DDSketch sketch, long count, long errors) {
    this.sketch = sketch;
    this.count = count;
    this.errors = errors;
  }

  /** Adds one request; returns this, as {@code Aggregator} wants the new aggregate. */
  NaiveSloAggregate add(long latencyMicros, boolean error) {
    sketch.accept(latencyMicros);
    count++;
    if (error) {
      errors++;
    }
    return this;
  }

  long count() {
    return count;
  }

  long errors() {
    return errors;
  }

  double quantile(double q) {
    return sketch.getValueAtQuantile(q);
  }

  /**
   * The simple serde such a user writes: two varints and DDSketch's own binary encoding (the
   * compact one; its protobuf form would cost more).
   */
  static Serde<NaiveSloAggregate> serde() {
    return new Serde<>() {
      @Override
      public Serializer<NaiveSloAggregate> serializer() {
        return (topic, aggregate) -> aggregate == null ? null : encode(aggregate);
      }

      @Override
      public Deserializer<NaiveSloAggregate> deserializer() {
        return (topic, bytes) -> bytes == null ? null : decode(bytes);
      }
    };
  }

  static byte[] encode(NaiveSloAggregate aggregate) {
    GrowingByteArrayOutput output = GrowingByteArrayOutput.withInitialCapacity(128);
    try {
      VarEncodingHelper.encodeUnsignedVarLong(output, aggregate.count);
      VarEncodingHelper.encodeUnsignedVarLong(output, aggregate.errors);
      aggregate.sketch.encode(output, false);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot encode an aggregate", e);
    }
    return output.trimmedCopy();
  }

  static NaiveSloAggregate decode(byte[] bytes) {
    ByteArrayInput input = ByteArrayInput.wrap(bytes);
    try {
      long count = VarEncodingHelper.decodeUnsignedVarLong(input);
      long errors = VarEncodingHelper.decodeUnsignedVarLong(input);
      return new NaiveSloAggregate(
          DDSketch.decode(input, UnboundedSizeDenseStore::new), count, errors);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot decode an aggregate", e);
    }
  }
}
