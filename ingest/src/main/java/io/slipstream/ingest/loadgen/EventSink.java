package io.slipstream.ingest.loadgen;

import io.slipstream.avro.RequestEvent;
import io.slipstream.avro.ResourceSample;

/** Where the load generator's events go, e.g. a {@code SlipstreamPublisher}. Must not block. */
public interface EventSink {

  /** Hands over a request event; returns whether it was accepted. */
  boolean requestEvent(RequestEvent event);

  /** Hands over a resource sample; returns whether it was accepted. */
  boolean resourceSample(ResourceSample sample);
}
