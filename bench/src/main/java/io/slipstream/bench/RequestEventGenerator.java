package io.slipstream.bench;

import io.slipstream.avro.Outcome;
import io.slipstream.avro.RequestEvent;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * A deterministic stream of realistic request events: {@value #SERVICES} services with {@value
 * #OPERATIONS} operations each, log-normal latencies around a median per operation, about 1 %
 * server errors, event times in order across a span with mild disorder.
 *
 * <p>Shape of the workload:
 *
 * <ul>
 *   <li>services are equally busy; operations are not (weights 30, 20, 12, 10, 8, 7, 5, 4, 2, 2);
 *   <li>latency: median 2–80 ms depending on service and operation, log-normal with σ = 0.6, and
 *       0.5 % of requests ten times slower (a tail);
 *   <li>outcomes: 0.8 % ERROR (500 or 503), 0.2 % TIMEOUT (504) — together the ~1 % errors — and 2
 *       % CLIENT_ERROR (400, 404, 429), which are not errors by default; the rest SUCCESS (200);
 *   <li>event time of event {@code i} is its even share of the span minus up to {@code
 *       maxDisorder}, so within a partition time runs forward with mild disorder;
 *   <li>a share of requests (default 10 %) carry a trace and span id, so Slipstream keeps
 *       exemplars; every event names its instance (5 per service) and region;
 *   <li>optionally ({@link #withLateEvents}) a share of events arrives 2 to 5 minutes behind its
 *       place, past the processor's 1 minute grace: late, so they are counted retroactively.
 * </ul>
 *
 * Not thread-safe; the same seed yields the same events.
 */
final class RequestEventGenerator {
  static final int SERVICES = 100;
  static final int OPERATIONS = 10;
  static final double ERROR_SHARE = 0.008;
  static final double TIMEOUT_SHARE = 0.002;
  static final double CLIENT_ERROR_SHARE = 0.02;
  static final double DEFAULT_TRACED_SHARE = 0.10;

  private static final int INSTANCES_PER_SERVICE = 5;
  private static final double SIGMA = 0.6;
  private static final double TAIL_SHARE = 0.005;
  private static final int[] OPERATION_WEIGHTS = {30, 20, 12, 10, 8, 7, 5, 4, 2, 2};
  private static final String[] OPERATION_NAMES = {
    "GET /api/items/{id}",
    "GET /api/items",
    "POST /api/orders",
    "GET /api/orders/{id}",
    "PUT /api/carts/{id}",
    "GET /api/users/{id}",
    "POST /api/payments",
    "DELETE /api/carts/{id}",
    "GET /health",
    "POST /api/search"
  };
  private static final String[] REGIONS = {"eu-west-1", "us-east-1", "ap-southeast-2"};
  private static final int[] CLIENT_ERROR_CODES = {400, 404, 429};
  private static final long LATE_MIN_MILLIS = 120_000;
  private static final long LATE_RANGE_MILLIS = 180_000;

  private final SplittableRandom random;
  private final long events;
  private final long firstMillis;
  private final long spanMillis;
  private final long maxDisorderMillis;
  private final double tracedShare;
  private final String[] services = new String[SERVICES];
  private final String[][] instances = new String[SERVICES][INSTANCES_PER_SERVICE];
  private final double[][] logMedianMicros = new double[SERVICES][OPERATIONS];
  private final int[] operationCumulative = new int[OPERATIONS];
  private long next;

  /** Customers the events are spread over (attribute {@code customer}), or 0 for no attribute. */
  private int customers;

  /** The share of events that go to the first service; the rest spread over all services. */
  private double firstServiceShare;

  /** The share of events whose time lies 2 to 5 minutes before their place in the sequence. */
  private double lateShare;

  /**
   * @param events how many events {@link #next()} will be asked for (spreads the times)
   * @param lastEventTime the nominal time of the last event; the first is {@code span} earlier
   * @param tracedShare the share of events with a trace id, in [0, 1]
   */
  RequestEventGenerator(
      long seed,
      long events,
      Instant lastEventTime,
      Duration span,
      Duration maxDisorder,
      double tracedShare) {
    if (events < 1) {
      throw new IllegalArgumentException("events must be positive, was " + events);
    }
    this.random = new SplittableRandom(seed);
    this.events = events;
    this.spanMillis = span.toMillis();
    this.firstMillis = lastEventTime.toEpochMilli() - spanMillis;
    this.maxDisorderMillis = maxDisorder.toMillis();
    this.tracedShare = tracedShare;
    int total = 0;
    for (int op = 0; op < OPERATIONS; op++) {
      total += OPERATION_WEIGHTS[op];
      operationCumulative[op] = total;
    }
    for (int s = 0; s < SERVICES; s++) {
      services[s] = serviceName(s);
      for (int i = 0; i < INSTANCES_PER_SERVICE; i++) {
        instances[s][i] = services[s] + "-" + i;
      }
      for (int op = 0; op < OPERATIONS; op++) {
        // Medians from 2 ms to 80 ms, log-uniformly, fixed per (service, operation).
        double medianMillis = 2 * Math.pow(40, random.nextDouble());
        logMedianMicros[s][op] = Math.log(medianMillis * 1_000);
      }
    }
  }

  /**
   * Gives every event the attribute {@code customer} = {@code customer-<k>}, k uniform in [0,
   * customers), and sends {@code firstServiceShare} of the events to the first service (where a
   * grouped SLO can count them) on top of its even share of the rest.
   */
  RequestEventGenerator withCustomers(int customers, double firstServiceShare) {
    if (customers < 0 || !(firstServiceShare >= 0 && firstServiceShare < 1)) {
      throw new IllegalArgumentException("customers >= 0 and a share in [0, 1) please");
    }
    this.customers = customers;
    this.firstServiceShare = firstServiceShare;
    return this;
  }

  /**
   * Makes {@code lateShare} of the events late: each lies {@value #LATE_MIN_MILLIS} ms plus up to 3
   * minutes before its place in the sequence, behind the 1 minute grace of the processor's buckets
   * (the disorder of every other event stays within it).
   */
  RequestEventGenerator withLateEvents(double lateShare) {
    if (!(lateShare >= 0 && lateShare < 1)) {
      throw new IllegalArgumentException("a late share in [0, 1) please, was " + lateShare);
    }
    this.lateShare = lateShare;
    return this;
  }

  /** The service names, in index order. */
  static String serviceName(int index) {
    return String.format("service-%02d", index);
  }

  /** The next event. */
  RequestEvent next() {
    long index = next++;
    int service =
        firstServiceShare > 0 && random.nextDouble() < firstServiceShare
            ? 0
            : random.nextInt(SERVICES);
    int operation = pickOperation();
    long nominal = firstMillis + (events == 1 ? spanMillis : spanMillis * index / (events - 1));
    long timestamp =
        nominal - (maxDisorderMillis == 0 ? 0 : random.nextLong(maxDisorderMillis + 1));
    if (lateShare > 0 && random.nextDouble() < lateShare) {
      timestamp = nominal - LATE_MIN_MILLIS - random.nextLong(LATE_RANGE_MILLIS + 1);
    }
    double latency = Math.exp(logMedianMicros[service][operation] + SIGMA * random.nextGaussian());
    if (random.nextDouble() < TAIL_SHARE) {
      latency *= 10;
    }
    RequestEvent.Builder event =
        RequestEvent.newBuilder()
            .setService(services[service])
            .setOperation(OPERATION_NAMES[operation])
            .setTimestamp(Instant.ofEpochMilli(timestamp))
            .setLatencyMicros(Math.round(latency))
            .setInstance(instances[service][random.nextInt(INSTANCES_PER_SERVICE)])
            .setRegion(REGIONS[service % REGIONS.length])
            .setAttributes(
                customers == 0
                    ? Map.of()
                    : Map.of("customer", "customer-" + random.nextInt(customers)));
    double outcome = random.nextDouble();
    if (outcome < ERROR_SHARE) {
      event.setOutcome(Outcome.ERROR).setStatusCode(random.nextInt(4) == 0 ? 503 : 500);
    } else if (outcome < ERROR_SHARE + TIMEOUT_SHARE) {
      event.setOutcome(Outcome.TIMEOUT).setStatusCode(504);
    } else if (outcome < ERROR_SHARE + TIMEOUT_SHARE + CLIENT_ERROR_SHARE) {
      event
          .setOutcome(Outcome.CLIENT_ERROR)
          .setStatusCode(CLIENT_ERROR_CODES[random.nextInt(CLIENT_ERROR_CODES.length)]);
    } else {
      event.setOutcome(Outcome.SUCCESS).setStatusCode(200);
    }
    if (random.nextDouble() < tracedShare) {
      event.setTraceId(hex(random.nextLong()) + hex(random.nextLong()));
      event.setSpanId(hex(random.nextLong()));
    }
    return event.build();
  }

  private int pickOperation() {
    int ticket = random.nextInt(operationCumulative[OPERATIONS - 1]);
    for (int op = 0; op < OPERATIONS; op++) {
      if (ticket < operationCumulative[op]) {
        return op;
      }
    }
    return OPERATIONS - 1;
  }

  private static String hex(long value) {
    String digits = Long.toHexString(value);
    return "0".repeat(16 - digits.length()) + digits;
  }
}
