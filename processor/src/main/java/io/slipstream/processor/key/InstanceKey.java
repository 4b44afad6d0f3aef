package io.slipstream.processor.key;

/**
 * The key of saturation aggregates: one instance of a service, or the service as a whole.
 *
 * @param service the service name, never empty
 * @param instance the instance, or the empty string for the service as a whole
 */
public record InstanceKey(String service, String instance) {
  public static InstanceKey forService(String service) {
    return new InstanceKey(service, "");
  }

  public static InstanceKey forInstance(String service, String instance) {
    return new InstanceKey(service, instance);
  }
}
