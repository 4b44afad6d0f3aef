package io.slipstream.ingest.gateway;

/**
 * Why one item of a batch was rejected.
 *
 * @param index the item's 0-based position in the batch (array element or NDJSON record)
 * @param field the offending field, or {@code $} for the item as a whole
 * @param message what is wrong, for a human
 */
public record ItemError(int index, String field, String message) {}
