package io.slipstream.alertmanager.mapping;

/**
 * An {@code SloAlert} that has no Alertmanager form, e.g. its state is {@code UNKNOWN} because a
 * newer writer used a symbol this reader does not know. Such records are dead-lettered.
 */
public class UnmappableAlertException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public UnmappableAlertException(String message) {
    super(message);
  }
}
