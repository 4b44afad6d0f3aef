package io.slipstream.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.slipstream.processor.slo.spec.OpenSloParser;
import io.slipstream.processor.slo.spec.SloDefinition;
import io.slipstream.processor.slo.spec.SloParseResult;
import org.junit.jupiter.api.Test;

class GroupedSloFleetTest {
  @Test
  void shouldDefineAnAvailabilitySloGroupedByCustomer() {
    SloParseResult parsed =
        OpenSloParser.parse("by-customer", SloFleet.groupedByCustomer("by-customer", "svc-0", 500));
    assertThat(parsed.errors()).as(parsed.errorReport()).isEmpty();
    SloDefinition slo = parsed.definitions().get(0);
    assertThat(slo.service()).isEqualTo("svc-0");
    assertThat(slo.grouping().labels()).containsExactly("customer");
    assertThat(slo.grouping().maxGroups()).isEqualTo(500);
  }
}
