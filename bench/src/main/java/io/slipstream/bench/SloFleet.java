package io.slipstream.bench;

import io.slipstream.avro.Outcome;
import io.slipstream.avro.RequestEvent;
import io.slipstream.processor.slo.engine.SloRegistry;
import io.slipstream.processor.slo.spec.OpenSloParser;
import io.slipstream.processor.slo.spec.SloParseResult;
import java.time.Instant;

/**
 * Many availability SLOs (99.9 %, default SRE Workbook alert table), a fixed number per service,
 * parsed from OpenSLO text like any user's definitions: the SLO population the evaluation and
 * latency benchmarks load.
 *
 * @param slos how many SLOs
 * @param perService SLOs per service; services are {@code svc-0}, {@code svc-1}, …
 * @param period the rolling period in OpenSLO duration syntax, e.g. {@code 30d} or {@code 1h}
 */
public record SloFleet(int slos, int perService, String period) {
  /** The availability SLO template (name, service, period), shared with the engine's benchmark. */
  private static final String AVAILABILITY = template();

  public SloFleet {
    if (slos <= 0 || perService <= 0) {
      throw new IllegalArgumentException("need at least one SLO and one per service");
    }
  }

  public int services() {
    return (slos + perService - 1) / perService;
  }

  public static String service(int index) {
    return "svc-" + index;
  }

  public static String sloId(int index) {
    return "slo-" + index;
  }

  /** The OpenSLO text of SLO {@code index}. */
  public String yaml(int index) {
    return yaml(index, service(index / perService));
  }

  /** The OpenSLO text of SLO {@code index}, on {@code service}. */
  public String yaml(int index, String service) {
    return AVAILABILITY.formatted(sloId(index), service, period);
  }

  /**
   * The OpenSLO text of the availability SLO {@code id} on {@code service}, grouped by the request
   * attribute {@code customer}, with room for {@code maxGroups} customers.
   */
  public static String groupedByCustomer(String id, String service, int maxGroups) {
    return AVAILABILITY
        .formatted(id, service, "30d")
        .replace(
            "  budgetingMethod:",
            "  grouping:\n    by: [attributes.customer]\n    maxGroups: "
                + maxGroups
                + "\n  budgetingMethod:");
  }

  /** A request to service {@code service} at {@code time}: a success, or a 500 error. */
  public static RequestEvent request(int service, long time, boolean error) {
    return RequestEvent.newBuilder()
        .setService(service(service))
        .setOperation("GET /")
        .setTimestamp(Instant.ofEpochMilli(time))
        .setLatencyMicros(2_000)
        .setStatusCode(error ? 500 : 200)
        .setOutcome(error ? Outcome.ERROR : Outcome.SUCCESS)
        .build();
  }

  /** Parses every SLO into a new registry. */
  public SloRegistry registry() {
    SloRegistry registry = new SloRegistry();
    for (int i = 0; i < slos; i++) {
      SloParseResult parsed = OpenSloParser.parse(sloId(i), yaml(i));
      if (!parsed.isClean()) {
        throw new IllegalStateException(parsed.errorReport());
      }
      parsed.definitions().forEach(registry::put);
    }
    return registry;
  }

  private static String template() {
    try (java.io.InputStream in = SloFleet.class.getResourceAsStream("availability-slo.yaml")) {
      return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
