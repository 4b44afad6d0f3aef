package io.slipstream.processor.topology;

/** The bucket sizes request aggregates are kept at. Stable ordinals: they are stored. */
enum RollupLevel {
  /** The configured base bucket, e.g. 10 s. */
  BUCKET,
  /** One minute. */
  MINUTE,
  /** One hour. */
  HOUR
}
