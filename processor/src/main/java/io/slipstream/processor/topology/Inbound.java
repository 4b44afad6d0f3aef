package io.slipstream.processor.topology;

/**
 * A decoded, valid input record travelling to the aggregator together with its raw bytes, so a
 * record refused later (too late for its window) still reaches the dead-letter topic exactly as it
 * arrived.
 */
record Inbound<T>(T value, byte[] rawKey, byte[] rawValue) {}
