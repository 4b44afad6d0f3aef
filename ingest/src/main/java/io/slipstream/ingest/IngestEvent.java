package io.slipstream.ingest;

import io.slipstream.avro.RequestEvent;
import io.slipstream.avro.ResourceSample;
import java.util.Objects;
import org.apache.avro.specific.SpecificRecord;

/**
 * One event on its way to Kafka: a {@link RequestEvent} or a {@link ResourceSample}, with the
 * service it is keyed by.
 *
 * @param kind which of the two it is, and so which topic it goes to
 * @param service the record key: the service the event belongs to
 * @param record the Avro record
 */
public record IngestEvent(Kind kind, String service, SpecificRecord record) {

  /** The kinds of events ingest carries. */
  public enum Kind {
    REQUEST_EVENT,
    RESOURCE_SAMPLE
  }

  public IngestEvent {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(service, "service");
    Objects.requireNonNull(record, "record");
  }

  /** Wraps a request event, keyed by its service. */
  public static IngestEvent of(RequestEvent event) {
    return new IngestEvent(Kind.REQUEST_EVENT, event.getService(), event);
  }

  /** Wraps a resource sample, keyed by its service. */
  public static IngestEvent of(ResourceSample sample) {
    return new IngestEvent(Kind.RESOURCE_SAMPLE, sample.getService(), sample);
  }

  /** Returns the topic of this event among {@code topics}. */
  public String topic(IngestTopics topics) {
    return topics.topicFor(kind).name();
  }
}
