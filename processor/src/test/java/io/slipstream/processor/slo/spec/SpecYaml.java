package io.slipstream.processor.slo.spec;

/** OpenSLO documents the parser tests start from, and a checked way to vary them. */
final class SpecYaml {
  /** 99.9 % availability of checkout over a rolling 30 days, errors by the processor's rules. */
  static final String AVAILABILITY =
      """
      apiVersion: openslo/v1
      kind: SLO
      metadata:
        name: checkout-availability
      spec:
        service: checkout
        budgetingMethod: Occurrences
        timeWindow:
          - duration: 30d
            isRolling: true
        indicator:
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
          - target: 0.999
      """;

  /** 99 % of 1-minute slices of search with p99 ≤ 250 ms, over a rolling 28 days. */
  static final String P99_SLICES =
      """
      apiVersion: openslo/v1
      kind: SLO
      metadata:
        name: search-latency
      spec:
        service: search
        budgetingMethod: Timeslices
        timeWindow:
          - duration: 28d
            isRolling: true
        indicator:
          spec:
            thresholdMetric:
              metricSource:
                type: slipstream
                spec:
                  signal: latency_p99
        objectives:
          - op: lte
            value: 250
            target: 0.99
            timeSliceWindow: 1m
      """;

  /** An alert policy and two conditions as separate documents, for {@code alertPolicies}. */
  static final String FAST_BURN_POLICY =
      """
      apiVersion: openslo/v1
      kind: AlertCondition
      metadata:
        name: fast-burn
      spec:
        severity: page
        condition:
          kind: burnrate
          op: gte
          threshold: 14.4
          lookbackWindow: 1h
          alertAfter: 5m
      ---
      apiVersion: openslo/v1
      kind: AlertCondition
      metadata:
        name: slow-burn
      spec:
        severity: Ticket
        condition:
          kind: burnrate
          op: gt
          threshold: 1
          lookbackWindow: 3d
          alertAfter: 6h
      ---
      apiVersion: openslo/v1
      kind: AlertPolicy
      metadata:
        name: burn-rate
      spec:
        alertWhenBreaching: true
        conditions:
          - conditionRef: fast-burn
          - conditionRef: slow-burn
      """;

  private SpecYaml() {}

  /** {@code yaml} with {@code old} replaced; fails when {@code old} is not there. */
  static String with(String yaml, String old, String replacement) {
    if (!yaml.contains(old)) {
      throw new IllegalArgumentException("not in the document: " + old);
    }
    return yaml.replace(old, replacement);
  }

  /** Several documents as one multi-document YAML text. */
  static String documents(String... documents) {
    return String.join("---\n", documents);
  }
}
