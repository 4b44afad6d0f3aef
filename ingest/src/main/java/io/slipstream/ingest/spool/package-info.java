/**
 * The publisher's local append-only spool: length-prefixed, CRC-32C-checked records, a checkpoint
 * of what Kafka acknowledged, torn-tail recovery, a disk cap and a documented fsync policy.
 */
package io.slipstream.ingest.spool;
