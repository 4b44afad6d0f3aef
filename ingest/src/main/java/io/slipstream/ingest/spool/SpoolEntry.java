package io.slipstream.ingest.spool;

/**
 * One record read back from a {@link Spool}.
 *
 * @param payload the bytes that were appended
 * @param endPosition the spool position just after this record: pass it to {@link
 *     Spool#acknowledge(long)} once the record has been delivered
 */
public record SpoolEntry(byte[] payload, long endPosition) {}
