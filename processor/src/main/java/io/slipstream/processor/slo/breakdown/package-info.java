/**
 * Where an SLO's error budget went: which operation, region, zone, instance, status, outcome and
 * contributor (operation, region and status together) its bad events came from, with exact counts
 * and exemplar trace ids.
 *
 * <ul>
 *   <li>{@link io.slipstream.processor.slo.breakdown.MinuteBreakdown}: the bad events of one
 *       minute, counted per {@link io.slipstream.processor.slo.breakdown.BreakdownDimension}, at
 *       most C values per dimension chosen independently of arrival order, merged associatively;
 *   <li>{@link io.slipstream.processor.slo.breakdown.BreakdownCodec}: its versioned compact bytes,
 *       a Kafka serde for the state store;
 *   <li>{@link io.slipstream.processor.slo.breakdown.WindowBreakdown}: the minutes of a window
 *       merged, and the values with the most bad events as immutable records ({@link
 *       io.slipstream.processor.slo.breakdown.DimensionTop}, {@link
 *       io.slipstream.processor.slo.breakdown.ValueShare}, {@link
 *       io.slipstream.processor.slo.breakdown.ContributorShare}).
 * </ul>
 *
 * <p>Plain Java over values handed in: the package knows nothing of stores or the stream graph.
 */
package io.slipstream.processor.slo.breakdown;
