/**
 * The one-command local run: an embedded Kafka broker and schema registry (or a real cluster), the
 * example SLOs, one processor instance and the load generator playing an incident with time
 * acceleration, with alerts and burn rates printed to the console. Entry point: {@link
 * io.slipstream.localrun.LocalRunMain}.
 */
package io.slipstream.localrun;
