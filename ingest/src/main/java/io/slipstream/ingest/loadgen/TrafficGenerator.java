package io.slipstream.ingest.loadgen;

import io.slipstream.avro.Outcome;
import io.slipstream.avro.RequestEvent;
import io.slipstream.avro.ResourceSample;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.random.RandomGenerator;

/**
 * Makes the events of N services with M operations each, following a {@link TrafficProfile}.
 *
 * <p>Requests are spread evenly over services and operations. Operation {@code j} (0-based) has a
 * median latency of {@code (1 + j / 2) ×} the profile's median, so operations differ as real ones
 * do. Outside failures, 2 % of requests are client errors (404). A failing request is a 500 (80 %),
 * a 503 (10 %) or a 504 timeout (10 %). Each service runs on two instances. Not thread-safe.
 */
public final class TrafficGenerator {

  /** Names given to the first services; further ones are {@code service-<n>}. */
  static final List<String> SERVICE_NAMES =
      List.of(
          "checkout", "payments", "catalog", "search", "cart", "shipping", "users", "inventory");

  /** Operations given to each service, in order; further ones are {@code GET /resource-<n>}. */
  static final List<String> OPERATION_NAMES =
      List.of(
          "GET /items/{id}",
          "POST /orders",
          "GET /search",
          "PUT /cart/{id}",
          "DELETE /sessions/{id}",
          "GET /health/deep");

  /**
   * Services whose own operations differ from {@link #OPERATION_NAMES}: the example payments SLO
   * counts only {@code POST /payments*} and {@code POST /refunds*}, so the generated payments
   * traffic has those.
   */
  static final Map<String, List<String>> SERVICE_OPERATION_NAMES =
      Map.of(
          "payments",
          List.of(
              "POST /payments",
              "GET /payments/{id}",
              "POST /refunds",
              "POST /payments/{id}/capture",
              "GET /payment-methods",
              "GET /health/deep"));

  private static final double CLIENT_ERROR_RATIO = 0.02;
  private static final int INSTANCES_PER_SERVICE = 2;

  private final List<String> services;
  private final int operationCount;
  private final Map<String, List<String>> operationsByService = new HashMap<>();
  private final TrafficProfile profile;
  private final RandomGenerator random;

  /**
   * @param serviceCount N, at least 1
   * @param operationCount M per service, at least 1
   */
  public TrafficGenerator(
      int serviceCount, int operationCount, TrafficProfile profile, RandomGenerator random) {
    if (serviceCount < 1 || operationCount < 1) {
      throw new IllegalArgumentException("need at least one service and one operation");
    }
    this.services = names(serviceCount, SERVICE_NAMES, "service-");
    this.operationCount = operationCount;
    this.profile = profile;
    this.random = random;
  }

  /** Returns the service names, in order. */
  public List<String> services() {
    return services;
  }

  /** Returns the operation names of {@code service}, in order. */
  public List<String> operations(String service) {
    return operationsByService.computeIfAbsent(
        service,
        s ->
            names(
                operationCount,
                SERVICE_OPERATION_NAMES.getOrDefault(s, OPERATION_NAMES),
                "GET /resource-"));
  }

  /** Returns the instances of a service. */
  public List<String> instances(String service) {
    List<String> instances = new ArrayList<>();
    for (int i = 0; i < INSTANCES_PER_SERVICE; i++) {
      instances.add(service + "-" + i);
    }
    return instances;
  }

  /** Returns whether {@code service} is silenced {@code elapsed} into the simulation. */
  public boolean isSilent(String service, Duration elapsed) {
    return profile.isSilent(service, elapsed);
  }

  /**
   * Makes the request that finishes at {@code timestamp}, {@code elapsed} into the simulation;
   * empty when the chosen service is silenced then.
   */
  public Optional<RequestEvent> nextRequest(Instant timestamp, Duration elapsed) {
    return nextRequest(timestamp, elapsed, random);
  }

  /**
   * Like {@link #nextRequest(Instant, Duration)}, drawing every random choice from {@code random}
   * instead of the generator's own: the same state of {@code random} makes the same event.
   */
  public Optional<RequestEvent> nextRequest(
      Instant timestamp, Duration elapsed, RandomGenerator random) {
    String service = services.get(random.nextInt(services.size()));
    if (profile.isSilent(service, elapsed)) {
      return Optional.empty();
    }
    List<String> operations = operations(service);
    int operationIndex = random.nextInt(operations.size());
    LognormalLatency latency = profile.latency(service, elapsed).scaled(1 + operationIndex / 2.0);
    List<String> customers = profile.customers();
    // Drawn only with customers, so a profile without them makes the same events as before.
    String customer = customers.isEmpty() ? null : customers.get(random.nextInt(customers.size()));
    int status;
    Outcome outcome;
    if (random.nextDouble() < profile.errorRatio(service, customer, elapsed)) {
      double kind = random.nextDouble();
      status = kind < 0.8 ? 500 : kind < 0.9 ? 503 : 504;
      outcome = status == 504 ? Outcome.TIMEOUT : Outcome.ERROR;
    } else if (random.nextDouble() < CLIENT_ERROR_RATIO) {
      status = 404;
      outcome = Outcome.CLIENT_ERROR;
    } else {
      status = 200;
      outcome = Outcome.SUCCESS;
    }
    return Optional.of(
        RequestEvent.newBuilder()
            .setService(service)
            .setOperation(operations.get(operationIndex))
            .setTimestamp(timestamp)
            .setLatencyMicros(latency.sample(random))
            .setStatusCode(status)
            .setOutcome(outcome)
            .setTraceId(hex(random.nextLong() | 1L) + hex(random.nextLong()))
            .setSpanId(hex(random.nextLong() | 1L))
            .setInstance(instances(service).get(random.nextInt(INSTANCES_PER_SERVICE)))
            .setAttributes(customer == null ? Map.of() : Map.of("customer", customer))
            .build());
  }

  /**
   * Makes a saturation sample of one instance: CPU around 25 %, rising towards 75 % under a latency
   * incident of factor f by {@code 0.5 × (1 − 1/f)}; memory around 40 %.
   */
  public ResourceSample sample(
      String service, String instance, Instant timestamp, Duration elapsed) {
    return sample(service, instance, timestamp, elapsed, random);
  }

  /**
   * Like {@link #sample(String, String, Instant, Duration)}, drawing the noise from {@code random}
   * instead of the generator's own.
   */
  public ResourceSample sample(
      String service,
      String instance,
      Instant timestamp,
      Duration elapsed,
      RandomGenerator random) {
    double factor = profile.latencyFactor(service, elapsed);
    double cpu = 0.25 + 0.05 * random.nextGaussian() + 0.5 * (1 - 1 / factor);
    double memory = 0.4 + 0.02 * random.nextGaussian();
    return ResourceSample.newBuilder()
        .setService(service)
        .setInstance(instance)
        .setTimestamp(timestamp)
        .setCpuUtilization(clamp(cpu))
        .setMemoryUtilization(clamp(memory))
        .build();
  }

  private static double clamp(double value) {
    return Math.min(1, Math.max(0, value));
  }

  private static String hex(long value) {
    return String.format("%016x", value);
  }

  private static List<String> names(int count, List<String> known, String prefix) {
    List<String> names = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      names.add(i < known.size() ? known.get(i) : prefix + (i + 1));
    }
    return List.copyOf(names);
  }
}
