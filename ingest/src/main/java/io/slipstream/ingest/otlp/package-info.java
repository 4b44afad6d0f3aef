/**
 * {@code POST /v1/traces}: OTLP/HTTP trace exports (protobuf or JSON) whose SERVER spans become
 * request events, so an OpenTelemetry Collector's {@code otlphttp} exporter feeds Slipstream.
 */
package io.slipstream.ingest.otlp;
