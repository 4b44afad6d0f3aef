package io.slipstream.processor.slo.corrections;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.slipstream.processor.slo.documents.DocumentException;
import io.slipstream.processor.slo.documents.DocumentReader;
import io.slipstream.processor.slo.engine.SloRegistry;
import io.slipstream.processor.slo.spec.OpenSloParser;
import io.slipstream.processor.slo.spec.SloDefinition;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Corrections that are refused (each naming the field at fault) and those that are accepted. */
class CorrectionValidatorTest {
  private static final long NOW = Instant.parse("2026-11-24T08:00:00Z").toEpochMilli();

  private final SloRegistry slos = new SloRegistry();
  private final CorrectionRegistry existing = new CorrectionRegistry();

  @BeforeEach
  void defineSlos() throws IOException {
    // checkout-availability: rolling 30 days; payments-availability: calendar month, Europe/Paris.
    for (SloDefinition definition :
        OpenSloParser.parseDirectory(Path.of("../examples/slos")).definitions()) {
      slos.put(definition);
    }
  }

  @Test
  void shouldReadLocalTimesInTheCorrectionsTimeZone() {
    SloCorrection correction =
        read(spec("[checkout-availability]", "2026-11-20T02:00", "2h", "Europe/Berlin"));
    assertThat(Instant.ofEpochMilli(correction.startMs()))
        .isEqualTo(Instant.parse("2026-11-20T01:00:00Z"));
    assertThat(Instant.ofEpochMilli(correction.endMs()))
        .isEqualTo(Instant.parse("2026-11-20T03:00:00Z"));
    assertThat(CorrectionValidator.validate(correction, slos.all(), existing, NOW))
        .extracting(SloDefinition::id)
        .containsExactly("checkout-availability");
    assertThat(CorrectionDocument.read(CorrectionDocument.write(correction))).isEqualTo(correction);
  }

  @Test
  void shouldRefuseAnInvertedRangeNamingTheEnd() {
    String document =
        spec("[checkout-availability]", "2026-11-20T04:00Z", null, "UTC")
            + "  end: 2026-11-20T02:00Z\n";
    assertRefused(() -> read(document), "spec.end", "inverted");
  }

  @Test
  void shouldRefuseARangeThatIsNotWholeMinutes() {
    assertRefused(
        () -> read(spec("[checkout-availability]", "2026-11-20T04:00:30Z", "1h", "UTC")),
        "spec.start",
        "whole minute");
  }

  @Test
  void shouldRefuseAnUnknownSloNamingIt() {
    SloCorrection correction =
        read(spec("[checkout-availability, nope]", "2026-11-20T02:00Z", "1h", "UTC"));
    assertRefused(
        () -> CorrectionValidator.validate(correction, slos.all(), existing, NOW),
        "spec.slos[1]",
        "unknown SLO 'nope'");
  }

  @Test
  void shouldRefuseASelectorMatchingNoSlo() {
    SloCorrection correction =
        read(
            HEADER
                + "  selector: {service: nobody}\n"
                + "  start: 2026-11-20T02:00Z\n  duration: 1h\n");
    assertRefused(
        () -> CorrectionValidator.validate(correction, slos.all(), existing, NOW),
        "spec.selector",
        "matches no SLO");
  }

  @Test
  void shouldRefuseARangeStartingBeforeTheCurrentPeriod() {
    // The calendar month in Paris began on 1 November, 00:00 CET.
    SloCorrection correction =
        read(spec("[payments-availability]", "2026-10-31T22:00Z", "2h", "UTC"));
    assertRefused(
        () -> CorrectionValidator.validate(correction, slos.all(), existing, NOW),
        "spec.start",
        "before the current period of SLO 'payments-availability'");
  }

  @Test
  void shouldRefuseARangeLongerThanThePeriod() {
    SloCorrection correction =
        read(spec("[checkout-availability]", "2026-11-20T00:00Z", "31d", "UTC"));
    assertRefused(
        () -> CorrectionValidator.validate(correction, slos.all(), existing, NOW),
        "spec.end",
        "longer than the period");
  }

  @Test
  void shouldRefuseAnOverlapNamingTheOtherCorrectionButAcceptReplacingItself() {
    SloCorrection first = read(spec("[checkout-availability]", "2026-11-20T02:00Z", "2h", "UTC"));
    existing.put(first);
    SloCorrection overlapping =
        read(
            spec("[checkout-availability]", "2026-11-20T03:59Z", "1h", "UTC")
                .replace("name: db-upgrade", "name: other"));
    assertRefused(
        () -> CorrectionValidator.validate(overlapping, slos.all(), existing, NOW),
        "spec.start",
        "overlaps correction 'db-upgrade'");
    SloCorrection adjacent =
        read(
            spec("[checkout-availability]", "2026-11-20T04:00Z", "1h", "UTC")
                .replace("name: db-upgrade", "name: other"));
    assertThat(CorrectionValidator.validate(adjacent, slos.all(), existing, NOW)).hasSize(1);
    SloCorrection longer = read(spec("[checkout-availability]", "2026-11-20T02:00Z", "3h", "UTC"));
    assertThat(CorrectionValidator.validate(longer, slos.all(), existing, NOW)).hasSize(1);
  }

  @Test
  void shouldRefuseUnknownFieldsAndActions() {
    assertRefused(
        () ->
            read(
                spec("[checkout-availability]", "2026-11-20T02:00Z", "1h", "UTC") + "  until: x\n"),
        "spec.until",
        "unknown field");
    assertRefused(
        () ->
            read(
                spec("[checkout-availability]", "2026-11-20T02:00Z", "1h", "UTC")
                    .replace("action: exclude", "action: forgive")),
        "spec.action",
        "expected exclude or attribute");
  }

  private static final String HEADER =
      """
      apiVersion: slipstream.io/v1
      kind: SloCorrection
      metadata:
        name: db-upgrade
      spec:
        action: exclude
        reason: database upgrade
        filedBy: alice
      """;

  private static String spec(String slos, String start, String duration, String zone) {
    return HEADER
        + "  slos: "
        + slos
        + "\n  start: "
        + start
        + "\n"
        + (duration == null ? "" : "  duration: " + duration + "\n")
        + "  timeZone: "
        + zone
        + "\n";
  }

  private static SloCorrection read(String yaml) {
    return CorrectionDocument.read(DocumentReader.documents(yaml).get(0), NOW, false);
  }

  private static void assertRefused(
      org.assertj.core.api.ThrowableAssert.ThrowingCallable call, String field, String message) {
    assertThatThrownBy(call)
        .isInstanceOf(DocumentException.class)
        .hasMessageContaining(message)
        .satisfies(e -> assertThat(((DocumentException) e).field()).isEqualTo(field));
  }
}
