package io.slipstream.ingest;

import java.util.Objects;

/**
 * The topics ingest writes to. Both are keyed by service (UTF-8 string) and carry Avro values in
 * the Confluent wire format.
 *
 * @param requestEvents where {@code RequestEvent}s go ({@value #REQUEST_EVENTS} by default)
 * @param resourceSamples where {@code ResourceSample}s go ({@value #RESOURCE_SAMPLES} by default)
 */
public record IngestTopics(String requestEvents, String resourceSamples) {

  /** The processor's input topic of request events. */
  public static final String REQUEST_EVENTS = "request-events";

  /** The processor's input topic of resource samples. */
  public static final String RESOURCE_SAMPLES = "resource-samples";

  /** The topic names the processor reads. */
  public static final IngestTopics DEFAULTS = new IngestTopics(REQUEST_EVENTS, RESOURCE_SAMPLES);

  public IngestTopics {
    Objects.requireNonNull(requestEvents, "requestEvents");
    Objects.requireNonNull(resourceSamples, "resourceSamples");
  }

  /** Returns the topic for events of {@code kind}. */
  public String topicFor(IngestEvent.Kind kind) {
    return switch (kind) {
      case REQUEST_EVENT -> requestEvents;
      case RESOURCE_SAMPLE -> resourceSamples;
    };
  }
}
