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
}
