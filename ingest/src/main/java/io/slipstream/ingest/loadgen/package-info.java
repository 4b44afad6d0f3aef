/**
 * The load generator: N services × M operations, lognormal latencies, scripted incidents (error
 * spike, slow burn, latency regression, silence) and time acceleration, sent through the client
 * library or the HTTP gateway.
 */
package io.slipstream.ingest.loadgen;
