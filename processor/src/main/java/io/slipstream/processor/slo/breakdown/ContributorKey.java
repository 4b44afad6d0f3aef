package io.slipstream.processor.slo.breakdown;

import java.util.List;

/**
 * The hash-map key of a contributor. A breakdown keeps one instance as a probe and refills it for
 * each event, so that looking a contributor up allocates nothing; the keys stored in the map are
 * {@link #copy() copies} and never change.
 */
final class ContributorKey {
  private String operation;
  private String region;
  private String status;
  private int hashCode;

  ContributorKey set(String operation, String region, String status) {
    this.operation = operation;
    this.region = region;
    this.status = status;
    this.hashCode = (31 * operation.hashCode() + region.hashCode()) * 31 + status.hashCode();
    return this;
  }

  ContributorKey copy() {
    return new ContributorKey().set(operation, region, status);
  }

  /** Operation, region and status, in this order. */
  List<String> parts() {
    return List.of(operation, region, status);
  }

  String encoded() {
    return new Contributor(operation, region, status).encoded();
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof ContributorKey key
        && hashCode == key.hashCode
        && operation.equals(key.operation)
        && region.equals(key.region)
        && status.equals(key.status);
  }

  @Override
  public int hashCode() {
    return hashCode;
  }

  @Override
  public String toString() {
    return encoded();
  }
}
