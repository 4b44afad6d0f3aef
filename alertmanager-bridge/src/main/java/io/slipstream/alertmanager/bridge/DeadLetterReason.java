package io.slipstream.alertmanager.bridge;

/** Why a record went to the dead-letter topic. Stable names: they are header values. */
public enum DeadLetterReason {
  /** The bytes are not an {@code SloAlert} in the Confluent wire format (or its schema is gone). */
  UNDECODABLE,
  /** An {@code SloAlert} with a state that is neither FIRING nor RESOLVED. */
  UNMAPPABLE,
  /** An Alertmanager answered 4xx: it refuses the alert itself, so retrying cannot help. */
  ALERTMANAGER_REJECTED
}
