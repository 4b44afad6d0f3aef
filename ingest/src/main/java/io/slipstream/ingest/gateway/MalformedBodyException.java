package io.slipstream.ingest.gateway;

/** A request body that cannot be read as a batch at all (answered with 400). */
public final class MalformedBodyException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  public MalformedBodyException(String message) {
    super(message);
  }
}
