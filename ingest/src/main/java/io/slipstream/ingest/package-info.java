/**
 * How services get their request events and resource samples into Slipstream: the topic names and
 * event envelope shared by the sub-packages {@code client} (Java library with its spool and
 * adapters), {@code spool} (the local append-only file), {@code gateway} (HTTP), {@code otlp}
 * (OTLP/HTTP traces) and {@code loadgen} (the load generator).
 */
package io.slipstream.ingest;
