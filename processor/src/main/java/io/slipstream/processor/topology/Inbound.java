package io.slipstream.processor.topology;

/**
 * A decoded, valid input record travelling to the aggregator together with its raw bytes, so a
 * record refused later still reaches the dead-letter topic exactly as it arrived, and with its
 * event time. The event time travels here rather than as the record's timestamp: records the
 * processor writes (changelogs, outputs) take timestamps from the record in hand, and those must
 * never be ones the broker refuses (too far ahead), whatever the events' times.
 */
record Inbound<T>(T value, byte[] rawKey, byte[] rawValue, long eventTime) {}
