package io.slipstream.ingest.client;

/**
 * Recorded in the publisher's circuit breaker when Kafka did not acknowledge an event within the
 * acknowledgement timeout: the producer keeps retrying it, but new events should go to the spool.
 */
public final class KafkaUnavailableException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  KafkaUnavailableException(String message) {
    super(message, null, false, false);
  }
}
