package io.slipstream.ingest.gateway;

import io.slipstream.ingest.IngestEvent;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;

/** Keeps what the gateway publishes; can be told to fail like an unreachable Kafka. */
public final class RecordingPublisher implements EventPublisher {

  public final List<IngestEvent> published = new CopyOnWriteArrayList<>();
  public volatile boolean failing;

  @Override
  public CompletableFuture<Void> publish(List<IngestEvent> events) {
    if (failing) {
      return CompletableFuture.failedFuture(
          new org.apache.kafka.common.errors.TimeoutException("Kafka unreachable"));
    }
    published.addAll(events);
    return CompletableFuture.completedFuture(null);
  }

  @Override
  public void close() {}
}
