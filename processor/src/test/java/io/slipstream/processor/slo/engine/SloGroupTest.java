package io.slipstream.processor.slo.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

class SloGroupTest {
  @Test
  void shouldWriteTheInstanceIdAsPrometheusWritesASeries() {
    SloGroup group = new SloGroup("checkout-by-customer", List.of("customer"), List.of("acme"));
    assertThat(group.instanceId()).isEqualTo("checkout-by-customer{customer=\"acme\"}");
    assertThat(group.key()).isEqualTo("customer=\"acme\"");
    assertThat(SloGroup.other("s", List.of("customer")).instanceId()).isEqualTo("s{other}");
    assertThat(SloGroup.isInstanceId(group.instanceId())).isTrue();
    assertThat(SloGroup.isInstanceId("checkout-by-customer")).isFalse();
  }

  @Test
  void shouldKeyAnInstancesRecordsByItsInstanceIdAndAnSlosByItsId() {
    SloGroup group = new SloGroup("checkout-by-customer", List.of("customer"), List.of("acme"));
    assertThat(SloGroup.recordKey(group.sloId(), group.key())).isEqualTo(group.instanceId());
    assertThat(SloGroup.recordKey("checkout", "")).isEqualTo("checkout");
  }

  @Property(tries = 300)
  void shouldReadAnyInstanceIdBack(@ForAll String customer, @ForAll String region) {
    SloGroup group = new SloGroup("s", List.of("customer", "region"), List.of(customer, region));
    assertThat(SloGroup.parse(group.instanceId(), group.labels())).isEqualTo(group);
    assertThat(SloGroup.ofKey("s", group.labels(), group.key())).isEqualTo(group);
    String id = group.instanceId();
    assertThat(id.compareTo(SloGroup.firstInstanceKey("s"))).isPositive();
    assertThat(id.compareTo(SloGroup.pastInstanceKeys("s"))).isNegative();
  }

  @Test
  void shouldRefuseAGroupOfOtherKeys() {
    assertThatThrownBy(() -> SloGroup.ofKey("s", List.of("customer"), "tenant=\"a\""))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("does not match the SLO's keys [customer]");
    assertThatThrownBy(() -> SloGroup.ofKey("s", List.of("customer"), "customer=\"a"))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
