package io.slipstream.processor.topology;

import io.slipstream.avro.AlertState;
import io.slipstream.avro.SloAlert;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * An availability SLO with one page rule (the 30-minute and 5-minute burn rates both above 5,
 * target 0.99 over a rolling day, no minimum event count, no hold-down before resolving), and that
 * rule as a plain state machine over {@link BurnRateOracle}'s numbers: the judge of the page
 * transitions the engine publishes.
 */
public final class PageRuleOracle {
  /** OpenSLO YAML of the SLO {@code checkout-availability} on service {@code checkout}. */
  public static final String SLO =
      """
      apiVersion: openslo/v1
      kind: SLO
      metadata:
        name: checkout-availability
        annotations:
          slipstream.io/min-events: "1"
          slipstream.io/resolve-hold-down: "0"
          slipstream.io/no-data-after: none
      spec:
        service: checkout
        budgetingMethod: Occurrences
        timeWindow:
          - duration: 1d
            isRolling: true
        indicator:
          metadata:
            name: checkout-errors
          spec:
            ratioMetric:
              counter: true
              bad:
                metricSource:
                  type: slipstream
                  spec:
                    errors: true
              total:
                metricSource:
                  type: slipstream
                  spec: {}
        objectives:
          - target: 0.99
        alertPolicies:
          - kind: AlertPolicy
            metadata:
              name: fast-burn
            spec:
              conditions:
                - kind: AlertCondition
                  metadata:
                    name: page-fast
                  spec:
                    severity: page
                    condition:
                      kind: burnrate
                      op: gt
                      threshold: 5
                      lookbackWindow: 30m
                      alertAfter: 5m
      """;

  public static final String SLO_ID = "checkout-availability";
  public static final double TARGET = 0.99;
  public static final Duration PERIOD = Duration.ofDays(1);

  private static final long MINUTE = 60_000;

  private final List<String> transitions = new ArrayList<>();
  private boolean firing;

  /** Applies the rule to the oracle's numbers at {@code now}, noting a transition if it flips. */
  public void evaluate(BurnRateOracle oracle, long now) {
    Double longRate = oracle.burnRate(oracle.window(now, 30 * MINUTE));
    Double shortRate = oracle.burnRate(oracle.window(now, 5 * MINUTE));
    boolean holds = longRate != null && shortRate != null && longRate > 5 && shortRate > 5;
    if (holds != firing) {
      firing = holds;
      transitions.add((holds ? "FIRING@" : "RESOLVED@") + now);
    }
  }

  /** The transitions so far, each as {@code FIRING@<epoch ms>} or {@code RESOLVED@<epoch ms>}. */
  public List<String> transitions() {
    return List.copyOf(transitions);
  }

  /** A published page alert in the form of {@link #transitions()}. */
  public static String describe(SloAlert alert) {
    return (alert.getState() == AlertState.FIRING ? "FIRING@" : "RESOLVED@")
        + alert.getTransitionAt().toEpochMilli();
  }
}
