package io.slipstream.ingest.gateway;

import io.slipstream.ingest.IngestEvent;
import java.util.List;

/**
 * A batch of events as parsed from a request body: the good items and what was wrong with the
 * others.
 *
 * @param events the valid items, in body order
 * @param errors one entry per bad field of each invalid item
 * @param itemCount how many items the body held
 */
public record ParsedBatch(List<IngestEvent> events, List<ItemError> errors, int itemCount) {

  public ParsedBatch {
    events = List.copyOf(events);
    errors = List.copyOf(errors);
  }

  /** Returns how many items were rejected. */
  public long rejectedCount() {
    return errors.stream().mapToInt(ItemError::index).distinct().count();
  }
}
