/**
 * Contracts every Slipstream module shares, defined once here because every module depends on
 * {@code schemas}: the catalogue of topics with the key and value types and serdes of each ({@link
 * io.slipstream.contracts.Topics}, {@link io.slipstream.contracts.Topic}, {@link
 * io.slipstream.contracts.Format}), the duration grammar of settings, options and query parameters
 * ({@link io.slipstream.contracts.DurationText}) and the headers of dead-letter records ({@link
 * io.slipstream.contracts.DeadLetterHeaders}). Configuration loading is beside it, in {@code
 * io.slipstream.config}.
 */
package io.slipstream.contracts;
