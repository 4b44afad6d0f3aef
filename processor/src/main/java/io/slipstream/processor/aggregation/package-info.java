/**
 * Per-bucket aggregates of the golden signals and their binary form.
 *
 * <ul>
 *   <li>{@link io.slipstream.processor.aggregation.ErrorClassifier}: is a request an error;
 *   <li>{@link io.slipstream.processor.aggregation.RequestBucket}: traffic, errors and latency
 *       (DDSketch, 1 % relative accuracy) of one key in one time bucket, with exemplar trace ids;
 *   <li>{@link io.slipstream.processor.aggregation.SaturationBucket} and {@link
 *       io.slipstream.processor.aggregation.ServiceSaturation}: saturation of an instance, and of a
 *       service as its most saturated instance;
 *   <li>{@link io.slipstream.processor.aggregation.RequestBucketCodec} and {@link
 *       io.slipstream.processor.aggregation.SaturationBucketCodec}: versioned compact bytes and
 *       Kafka serdes, used only when a store commits, never per record;
 *   <li>{@link io.slipstream.processor.aggregation.SnapshotFactory}: a closed window's aggregates
 *       as the published {@code SliSnapshot}.
 * </ul>
 *
 * <p>Buckets are mutable, not thread-safe, and owned by one stream task while their bucket is open.
 */
package io.slipstream.processor.aggregation;
