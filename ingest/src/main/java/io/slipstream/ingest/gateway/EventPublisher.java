package io.slipstream.ingest.gateway;

import io.slipstream.ingest.IngestEvent;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/** Where the gateway writes accepted events. */
public interface EventPublisher extends AutoCloseable {

  /**
   * Writes every event; the future completes when Kafka has acknowledged all of them, or
   * exceptionally when any of them failed (some others may have been written: the client retries
   * the batch, so delivery through the gateway is at-least-once).
   */
  CompletableFuture<Void> publish(List<IngestEvent> events);

  @Override
  void close();
}
