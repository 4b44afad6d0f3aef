package io.slipstream.processor.key;

/**
 * The key of request aggregates: a service, or one operation of it.
 *
 * @param service the service name, never empty
 * @param operation the operation, or the empty string for the service as a whole
 */
public record SliKey(String service, String operation) {
  public static SliKey forService(String service) {
    return new SliKey(service, "");
  }

  public static SliKey forOperation(String service, String operation) {
    return new SliKey(service, operation);
  }

  public boolean isServiceLevel() {
    return operation.isEmpty();
  }

  // Written out because SliKey is hashed several times per event: the generated record methods go
  // through an invokedynamic bootstrap that shows up in profiles, and canonical keys (see
  // SliKeyCache) make the identity check succeed at once.
  @Override
  public boolean equals(Object other) {
    return this == other
        || other instanceof SliKey that
            && service.equals(that.service)
            && operation.equals(that.operation);
  }

  @Override
  public int hashCode() {
    return 31 * service.hashCode() + operation.hashCode();
  }
}
