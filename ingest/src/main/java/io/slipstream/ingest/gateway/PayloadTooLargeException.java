package io.slipstream.ingest.gateway;

/** A request body over the gateway's size limit (answered with 413). */
public final class PayloadTooLargeException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  public PayloadTooLargeException(long limitBytes) {
    super("request body exceeds " + limitBytes + " bytes");
  }
}
