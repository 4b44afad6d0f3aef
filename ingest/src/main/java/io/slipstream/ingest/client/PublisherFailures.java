package io.slipstream.ingest.client;

import io.slipstream.serde.WireFormatException;
import org.apache.kafka.common.errors.RetriableException;

/** Tells failures that mean "Kafka (or the registry) is not reachable now" from final ones. */
final class PublisherFailures {

  private PublisherFailures() {}

  /**
   * Returns whether {@code failure} (or a cause) says Kafka or the schema registry is unavailable
   * for now: a retriable Kafka error (timeouts, network errors, missing leaders), a stalled
   * acknowledgement, or a retriable registry failure. Such events are spooled and count against the
   * circuit breaker; any other failure is final for that event.
   */
  static boolean isKafkaUnavailable(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof RetriableException || t instanceof KafkaUnavailableException) {
        return true;
      }
      if (t instanceof WireFormatException wire && wire.isRetriable()) {
        return true;
      }
      if (t.getCause() == t) {
        break;
      }
    }
    return false;
  }
}
