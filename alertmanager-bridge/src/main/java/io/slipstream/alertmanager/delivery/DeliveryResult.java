package io.slipstream.alertmanager.delivery;

import java.net.URI;

/** How delivering one request body to every configured Alertmanager ended. */
public sealed interface DeliveryResult {

  /** Every Alertmanager answered 2xx. */
  record Delivered() implements DeliveryResult {}

  /**
   * At least one Alertmanager refused the alerts (the others accepted or refused them too); the
   * first refusal is named.
   */
  record Rejected(URI alertmanager, int status, String body) implements DeliveryResult {}

  /** The waiter said to stop before every Alertmanager had answered for good. */
  record Abandoned() implements DeliveryResult {}
}
