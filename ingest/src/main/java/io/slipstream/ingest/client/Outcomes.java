package io.slipstream.ingest.client;

import io.slipstream.avro.Outcome;

/** Derives a request's {@link Outcome} from what a service usually knows: its HTTP status. */
public final class Outcomes {

  private Outcomes() {}

  /**
   * Maps an HTTP status code to an outcome: 5xx is {@code ERROR} (504 {@code TIMEOUT}), 499 (the
   * client closed the connection, as nginx logs it) is {@code CANCELLED}, other 4xx (408 included:
   * the client was too slow to send) are {@code CLIENT_ERROR}, 1xx–3xx {@code SUCCESS}, anything
   * else {@code UNKNOWN}.
   */
  public static Outcome fromHttpStatus(int statusCode) {
    if (statusCode == 504) {
      return Outcome.TIMEOUT;
    }
    if (statusCode == 499) {
      return Outcome.CANCELLED;
    }
    if (statusCode >= 500 && statusCode <= 599) {
      return Outcome.ERROR;
    }
    if (statusCode >= 400 && statusCode <= 499) {
      return Outcome.CLIENT_ERROR;
    }
    if (statusCode >= 100 && statusCode <= 399) {
      return Outcome.SUCCESS;
    }
    return Outcome.UNKNOWN;
  }
}
