/**
 * Real local infrastructure for integration tests and the one-command local run: a Kafka cluster
 * and a Confluent-compatible schema registry, embedded ({@link
 * io.slipstream.localstack.EmbeddedLocalStack}), in containers, or external, behind one {@link
 * io.slipstream.localstack.LocalStack} handle. Tests get it from {@link
 * io.slipstream.localstack.LocalStackExtension}. Everything binds to 127.0.0.1.
 */
package io.slipstream.localstack;
