package io.slipstream.alertmanager;

import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The bridge's packages form no cycle and depend only downwards, checked on the compiled main
 * classes.
 *
 * <ol>
 *   <li><b>App</b> ({@code app}): the main method, which reads the configuration and runs the
 *       bridge.
 *   <li><b>Bridge</b> ({@code bridge}): the consumer loop, from {@code slo-alerts} records to
 *       deliveries, with the firing-alert state and the dead letters.
 *   <li><b>Config</b> ({@code config}): settings from file and environment, parsed into the types
 *       the layers below take (a delivery's {@code Backoff}).
 *   <li><b>Delivery and mapping</b> ({@code delivery}: posting to Alertmanager with retries and
 *       circuit breakers; {@code mapping}: an alert record as Alertmanager's JSON). Leaves that
 *       know nothing of Kafka consumers or configuration, so each is tested alone.
 * </ol>
 *
 * <p>Plain JUnit tests rather than {@code @ArchTest} fields: Surefire 3.5.3 does not run rules
 * declared as fields.
 */
class BridgeArchitectureTest {
  private static final ArchRule PACKAGES_FORM_NO_CYCLE =
      slices().matching("io.slipstream.alertmanager.(**)").should().beFreeOfCycles();

  private static final ArchRule PACKAGES_DEPEND_ONLY_DOWNWARDS =
      layeredArchitecture()
          .consideringOnlyDependenciesInLayers()
          .ensureAllClassesAreContainedInArchitecture()
          .layer("App")
          .definedBy("io.slipstream.alertmanager.app..")
          .layer("Bridge")
          .definedBy("io.slipstream.alertmanager.bridge..")
          .layer("Config")
          .definedBy("io.slipstream.alertmanager.config..")
          .layer("Delivery and mapping")
          .definedBy(
              "io.slipstream.alertmanager.delivery..", "io.slipstream.alertmanager.mapping..")
          .whereLayer("App")
          .mayNotBeAccessedByAnyLayer()
          .whereLayer("Bridge")
          .mayOnlyBeAccessedByLayers("App")
          .whereLayer("Config")
          .mayOnlyBeAccessedByLayers("App", "Bridge")
          .whereLayer("Delivery and mapping")
          .mayOnlyBeAccessedByLayers("App", "Bridge", "Config");

  private static JavaClasses bridge;

  @BeforeAll
  static void importTheBridgeClasses() {
    bridge =
        new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.slipstream.alertmanager");
  }

  @Test
  void shouldFormNoPackageCycle() {
    PACKAGES_FORM_NO_CYCLE.check(bridge);
  }

  @Test
  void shouldDependOnlyDownwardsThroughTheLayers() {
    PACKAGES_DEPEND_ONLY_DOWNWARDS.check(bridge);
  }
}
