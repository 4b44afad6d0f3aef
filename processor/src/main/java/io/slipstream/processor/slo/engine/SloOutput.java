package io.slipstream.processor.slo.engine;

import io.slipstream.avro.BurnRateEvaluation;
import io.slipstream.avro.SloAlert;
import java.util.List;

/** Where the engine's results go: the processor forwards them to their topics. */
public interface SloOutput {
  void burnRates(BurnRateEvaluation evaluation);

  void alert(SloAlert alert);

  /** An SLA's period has closed: its report. */
  void slaReport(io.slipstream.processor.slo.sla.SlaReport report);

  /** The SLO {@code sloId} is no longer defined: forget what was published about it. */
  void removed(String sloId);

  /**
   * Trace ids of failed requests of {@code service} with event time in [from, to), for alert
   * exemplars.
   */
  List<String> failedTraceIds(String service, long from, long to);
}
