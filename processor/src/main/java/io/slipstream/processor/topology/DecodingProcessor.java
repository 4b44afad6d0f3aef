package io.slipstream.processor.topology;

import io.slipstream.processor.deadletter.DeadLetterRecords;
import io.slipstream.processor.metrics.RejectionCounts;
import io.slipstream.processor.validation.Rejection;
import io.slipstream.processor.validation.RejectionReason;
import io.slipstream.serde.WireFormatException;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.function.Function;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;

/**
 * Decodes and validates raw input records. Valid ones go on to the aggregator keyed by service,
 * carrying their event time, and stamped with it unless it is ahead of the wall clock; refused ones
 * go to the dead-letter sink with the reason. Decoding here rather than in the source's serde lets
 * a refused record carry its reason and provenance, and lets an unreachable registry fail the task
 * (to be retried from the last commit) instead of losing the record.
 */
final class DecodingProcessor<T> implements Processor<byte[], byte[], Object, Object> {
  private final Deserializer<T> deserializer;
  private final BiFunction<T, Long, Optional<Rejection>> validator;
  private final Function<T, String> serviceOf;
  private final Function<T, Long> eventTimeOf;
  private final String aggregatorName;
  private final String deadLetterSinkName;
  private final RejectionCounts rejections;
  private ProcessorContext<Object, Object> context;

  DecodingProcessor(
      Deserializer<T> deserializer,
      BiFunction<T, Long, Optional<Rejection>> validator,
      Function<T, String> serviceOf,
      Function<T, Long> eventTimeOf,
      String aggregatorName,
      String deadLetterSinkName,
      RejectionCounts rejections) {
    this.deserializer = deserializer;
    this.validator = validator;
    this.serviceOf = serviceOf;
    this.eventTimeOf = eventTimeOf;
    this.aggregatorName = aggregatorName;
    this.deadLetterSinkName = deadLetterSinkName;
    this.rejections = rejections;
  }

  @Override
  public void init(ProcessorContext<Object, Object> context) {
    this.context = context;
  }

  @Override
  public void process(Record<byte[], byte[]> record) {
    RecordMetadata metadata = context.recordMetadata().orElse(null);
    String topic = metadata == null ? "" : metadata.topic();
    if (record.value() == null) {
      reject(record, metadata, Rejection.of(RejectionReason.NULL_VALUE, "record has no value"));
      return;
    }
    T decoded;
    try {
      decoded = deserializer.deserialize(topic, record.headers(), record.value());
    } catch (WireFormatException e) {
      if (e.isRetriable()) {
        // The registry is unreachable: fail the task so that it retries from the last commit.
        throw e;
      }
      reject(record, metadata, new Rejection(RejectionReason.of(e.reason()), e.getMessage(), e));
      return;
    }
    Optional<Rejection> invalid = validator.apply(decoded, context.currentSystemTimeMs());
    if (invalid.isPresent()) {
      reject(record, metadata, invalid.get());
      return;
    }
    long eventTime = eventTimeOf.apply(decoded);
    context.forward(
        new Record<Object, Object>(
            serviceOf.apply(decoded),
            new Inbound<>(decoded, record.key(), record.value(), eventTime),
            Math.min(eventTime, context.currentSystemTimeMs()),
            record.headers()),
        aggregatorName);
  }

  private void reject(Record<byte[], byte[]> record, RecordMetadata metadata, Rejection rejection) {
    rejections.increment(metadata == null ? "" : metadata.topic(), rejection.reason());
    context.forward(
        DeadLetterRecords.of(
            record.key(),
            record.value(),
            record.headers(),
            record.timestamp(),
            metadata,
            rejection),
        deadLetterSinkName);
  }
}
