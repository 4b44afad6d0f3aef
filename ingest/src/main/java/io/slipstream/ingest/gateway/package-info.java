/**
 * The HTTP gateway for services in other languages: {@code POST /v1/events} (JSON or NDJSON),
 * per-service API tokens, per-token rate limits, size and content-type checks, answers only after
 * Kafka acknowledged, health and Prometheus metrics.
 */
package io.slipstream.ingest.gateway;
