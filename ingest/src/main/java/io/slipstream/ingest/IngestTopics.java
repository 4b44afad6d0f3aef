package io.slipstream.ingest;

import io.slipstream.avro.RequestEvent;
import io.slipstream.avro.ResourceSample;
import io.slipstream.contracts.Topic;
import io.slipstream.contracts.Topics;
import java.util.Map;
import java.util.Objects;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Serializer;

/**
 * The topics ingest writes to: the processor's two inputs from the {@link Topics} catalogue, each
 * keyed by service (UTF-8) with Avro values in the Confluent wire format. A deployment may rename
 * either (the gateway's {@code SLIPSTREAM_REQUEST_EVENTS_TOPIC}, the load generator's {@code
 * --request-topic}); the types and serdes stay the catalogue's.
 *
 * @param requestEvents where {@code RequestEvent}s go ({@value Topics#REQUEST_EVENTS} by default)
 * @param resourceSamples where {@code ResourceSample}s go ({@value Topics#RESOURCE_SAMPLES} by
 *     default)
 */
public record IngestTopics(
    Topic<String, RequestEvent> requestEvents, Topic<String, ResourceSample> resourceSamples) {

  /** The topic names the processor reads. */
  public static final IngestTopics DEFAULTS = from(Topics.defaults());

  /**
   * @throws IllegalArgumentException when both are the same topic: the processor reads each with
   *     its own type
   */
  public IngestTopics {
    Objects.requireNonNull(requestEvents, "requestEvents");
    Objects.requireNonNull(resourceSamples, "resourceSamples");
    if (requestEvents.name().equals(resourceSamples.name())) {
      throw new IllegalArgumentException(
          "request events and resource samples need two topics, both are " + requestEvents.name());
    }
  }

  /** The input topics of {@code topics}, e.g. {@code Topics.withPrefix("staging-")}. */
  public static IngestTopics from(Topics topics) {
    return new IngestTopics(topics.requestEvents(), topics.resourceSamples());
  }

  /** The input topics under the names {@code requestEvents} and {@code resourceSamples}. */
  public static IngestTopics named(String requestEvents, String resourceSamples) {
    return new IngestTopics(
        DEFAULTS.requestEvents.named(requestEvents),
        DEFAULTS.resourceSamples.named(resourceSamples));
  }

  /** Returns the topic for events of {@code kind}. */
  public Topic<String, ? extends SpecificRecord> topicFor(IngestEvent.Kind kind) {
    return switch (kind) {
      case REQUEST_EVENT -> requestEvents;
      case RESOURCE_SAMPLE -> resourceSamples;
    };
  }

  /** A new key serializer for both topics (their keys are both service names in UTF-8). */
  public Serializer<String> keySerializer(Map<String, ?> serdeConfig) {
    return requestEvents.keySerializer(serdeConfig);
  }

  /**
   * A new value serializer for a producer writing both topics: each record is written by its
   * topic's value serializer, configured with {@code serdeConfig}. A record of the wrong type for
   * its topic, or for a topic that is neither, is refused with a {@link SerializationException}
   * rather than written where the processor cannot read it.
   */
  public Serializer<SpecificRecord> valueSerializer(Map<String, ?> serdeConfig) {
    Serializer<RequestEvent> requests = requestEvents.valueSerializer(serdeConfig);
    Serializer<ResourceSample> samples = resourceSamples.valueSerializer(serdeConfig);
    return new Serializer<>() {
      @Override
      public byte[] serialize(String topic, SpecificRecord record) {
        if (topic.equals(requestEvents.name())) {
          return requests.serialize(topic, checked(requestEvents, record));
        }
        if (topic.equals(resourceSamples.name())) {
          return samples.serialize(topic, checked(resourceSamples, record));
        }
        throw new SerializationException(
            "ingest writes to "
                + requestEvents.name()
                + " and "
                + resourceSamples.name()
                + " only, not to "
                + topic);
      }

      @Override
      public void close() {
        requests.close();
        samples.close();
      }
    };
  }

  private static <V> V checked(Topic<String, V> topic, SpecificRecord record) {
    Class<V> type = topic.value().type();
    if (record != null && !type.isInstance(record)) {
      throw new SerializationException(
          "a "
              + record.getClass().getSimpleName()
              + " cannot go to "
              + topic.name()
              + ", which holds "
              + type.getSimpleName());
    }
    return type.cast(record);
  }
}
