package io.slipstream.processor.slo.breakdown;

/**
 * What a bad event is attributed to. Every bad event counts once in every dimension, so in each
 * dimension the counts of the kept values plus the folded count add up to the total.
 *
 * <p>Values are text: a missing region, zone or instance is {@value #UNKNOWN}, a request without an
 * HTTP status (gRPC, queue consumers) has the status {@value #NO_STATUS}. A producer that really
 * names a region {@code unknown} is counted together with the events that name none.
 */
public enum BreakdownDimension {
  /** The route template or RPC method, e.g. {@code POST /checkout}. */
  OPERATION,
  /** The cloud region or data centre, or {@value #UNKNOWN}. */
  REGION,
  /** The availability zone, or {@value #UNKNOWN}. */
  ZONE,
  /** The pod or host that handled the request, or {@value #UNKNOWN}. */
  INSTANCE,
  /** The HTTP status code in decimal, e.g. {@code 503}, or {@value #NO_STATUS}. */
  STATUS,
  /** The name of the event's {@link io.slipstream.avro.Outcome}, e.g. {@code TIMEOUT}. */
  OUTCOME,
  /**
   * One culprit: operation, region and status together, as {@link Contributor#encoded()} text, e.g.
   * {@code POST /checkout|eu-west-1|503}; {@link Contributor#decode} splits it back.
   */
  CONTRIBUTOR;

  /** The value of a region, zone or instance that the event does not name. */
  public static final String UNKNOWN = "unknown";

  /** The status of a request that has no HTTP status code. */
  public static final String NO_STATUS = "none";
}
