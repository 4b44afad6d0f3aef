package io.slipstream.processor.slo.sla;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.slipstream.processor.slo.documents.DocumentException;
import io.slipstream.processor.slo.spec.SloDefinition.CalendarUnit;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;

/** Reading SLAs, their credit tiers and periods. */
class SlaDocumentTest {
  @Test
  void shouldOweTheLargestCreditWhoseThresholdTheSliIsBelow() throws Exception {
    SlaDefinition sla =
        SlaDocument.read(Files.readString(Path.of("../examples/slas/checkout-monthly.yaml")));
    assertThat(sla.unit()).isEqualTo(CalendarUnit.MONTH);
    assertThat(sla.zone()).isEqualTo(ZoneId.of("Europe/Berlin"));
    assertThat(sla.objective()).isEqualTo(0.999);
    assertThat(sla.creditFor(0.9995)).isZero();
    assertThat(sla.met(0.999)).isTrue();
    assertThat(sla.met(0.99899)).isFalse();
    assertThat(sla.creditFor(0.999)).isZero();
    assertThat(sla.creditFor(0.9989)).isEqualTo(10);
    assertThat(sla.creditFor(0.985)).isEqualTo(25);
    assertThat(sla.creditFor(0.94)).isEqualTo(100);
    assertThat(sla.creditFor(null)).isZero();
    assertThat(SlaDocument.read(SlaDocument.write(sla))).isEqualTo(sla);
  }

  @Test
  void shouldNameThePeriodAndRefuseOneNotStarted() {
    SlaDefinition sla =
        SlaDocument.read(
            """
            apiVersion: slipstream.io/v1
            kind: SLA
            metadata: {name: weekly}
            spec:
              slo: checkout-availability
              period: week
              credits: [{below: 99, credit: 5}]
            """);
    long now = Instant.parse("2026-11-24T08:00:00Z").toEpochMilli();
    long current = SlaPeriods.start(sla, "current", now);
    assertThat(Instant.ofEpochMilli(current)).isEqualTo(Instant.parse("2026-11-23T00:00:00Z"));
    assertThat(SlaReportBuilder.label(sla, current)).isEqualTo("2026-W48");
    assertThat(Instant.ofEpochMilli(SlaPeriods.start(sla, "previous", now)))
        .isEqualTo(Instant.parse("2026-11-16T00:00:00Z"));
    assertThat(Instant.ofEpochMilli(SlaPeriods.start(sla, "2026-11-04", now)))
        .isEqualTo(Instant.parse("2026-11-02T00:00:00Z"));
    assertThatThrownBy(() -> SlaPeriods.start(sla, "2026-12-01", now))
        .isInstanceOf(DocumentException.class)
        .hasMessageContaining("has not started");
    assertThatThrownBy(() -> SlaPeriods.start(sla, "2026-11", now))
        .hasMessageContaining("weekly SLA");
  }

  @Test
  void shouldRefuseBadTiersNamingThem() {
    assertThatThrownBy(
            () ->
                SlaDocument.read(
                    """
                    apiVersion: slipstream.io/v1
                    kind: SLA
                    metadata: {name: bad}
                    spec:
                      slo: checkout-availability
                      period: month
                      credits: [{below: 99, credit: 5}, {below: 99, credit: 10}]
                    """))
        .isInstanceOf(DocumentException.class)
        .hasMessageContaining("given twice")
        .satisfies(
            e -> assertThat(((DocumentException) e).field()).isEqualTo("spec.credits[1].below"));
    assertThatThrownBy(
            () ->
                SlaDocument.read(
                    """
                    apiVersion: slipstream.io/v1
                    kind: SLA
                    metadata: {name: bad}
                    spec:
                      slo: checkout-availability
                      period: quarter
                      credits: [{below: 99, credit: 5}]
                    """))
        .satisfies(e -> assertThat(((DocumentException) e).field()).isEqualTo("spec.period"));
  }
}
