package io.slipstream.processor.slo.sla;

/**
 * Good and total events of one SLO in each minute of one hour, as an SLA report reads them. The
 * engine keeps them, at minute resolution for the whole period; a report only reads, so it depends
 * on this view rather than on the engine's store format.
 */
public interface HourOfMinutes {
  /** Good events in the minute at {@code index} (0 to 59) of the hour. */
  long good(int index);

  /** All events in the minute at {@code index} (0 to 59) of the hour. */
  long total(int index);
}
