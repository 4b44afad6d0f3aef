package io.slipstream.processor.slo.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.slipstream.processor.slo.spec.OpenSloParser;
import io.slipstream.processor.slo.spec.SloDefinition;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class SloRegistryTest {
  private static final Path AVAILABILITY = Path.of("../examples/slos/checkout-availability.yaml");

  @Test
  void shouldIndexByServiceThroughReplacementsMovesAndRemovals() throws Exception {
    SloRegistry registry = new SloRegistry();
    SloDefinition a = definition("a", "checkout");
    SloDefinition b = definition("b", "checkout");
    registry.put(a);
    registry.put(b);
    assertThat(registry.forService("checkout")).containsExactly(a, b);

    SloDefinition aAgain = definition("a", "checkout");
    registry.put(aAgain);
    assertThat(registry.forService("checkout")).hasSize(2).contains(aAgain, b);

    SloDefinition bMoved = definition("b", "payments");
    registry.put(bMoved);
    assertThat(registry.forService("checkout")).containsExactly(aAgain);
    assertThat(registry.forService("payments")).containsExactly(bMoved);
    assertThat(registry.byId("b")).isSameAs(bMoved);

    registry.remove("a");
    registry.remove("missing");
    assertThat(registry.forService("checkout")).isEmpty();
    assertThat(registry.all()).containsExactly(bMoved);
  }

  @Test
  void shouldLoadManyDefinitionsForManyServices() throws Exception {
    SloRegistry registry = new SloRegistry();
    SloDefinition template = definition("template", "svc");
    for (int i = 0; i < 20_000; i++) {
      registry.put(withIdAndService(template, "slo-" + i, "svc-" + i / 10));
    }
    assertThat(registry.all()).hasSize(20_000);
    assertThat(registry.forService("svc-1999")).hasSize(10);
  }

  private static SloDefinition definition(String id, String service) throws Exception {
    String yaml =
        Files.readString(AVAILABILITY)
            .replace("name: checkout-availability", "name: " + id)
            .replace("service: checkout", "service: " + service);
    return OpenSloParser.parse(id, yaml).definitions().get(0);
  }

  private static SloDefinition withIdAndService(SloDefinition d, String id, String service) {
    return new SloDefinition(
        id,
        d.displayName(),
        service,
        d.description(),
        d.indicator(),
        d.target(),
        d.window(),
        d.budgeting(),
        d.alerting(),
        d.labels(),
        d.annotations(),
        d.runbookUrl());
  }
}
