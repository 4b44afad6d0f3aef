package io.slipstream.ingest;

import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The ingest module's packages form no cycle and depend only downwards, checked on the compiled
 * main classes.
 *
 * <ol>
 *   <li><b>Entry points</b>: {@code app} (the gateway's main, wiring its server with every
 *       endpoint) and {@code loadgen} (the load generator). Nothing depends on them.
 *   <li><b>OTLP</b> ({@code otlp}): OTLP/HTTP traces as a second body format on the gateway's
 *       server, turned into the gateway's batches.
 *   <li><b>Gateway</b> ({@code gateway}): the HTTP server, JSON batches, tokens, publishing to
 *       Kafka.
 *   <li><b>Client</b> ({@code client}): the publisher library services embed (servlet filter, span
 *       exporter, {@code SlipstreamPublisher}).
 *   <li><b>Spool</b> ({@code spool}): the publisher's on-disk buffer.
 *   <li><b>Model</b> ({@code io.slipstream.ingest} itself): the event and topic types every layer
 *       shares.
 * </ol>
 *
 * <p>Every package, the root one included, is its own slice for the cycle check. Plain JUnit tests
 * rather than {@code @ArchTest} fields: Surefire 3.5.3 does not run rules declared as fields.
 */
class IngestArchitectureTest {
  private static final ArchRule PACKAGES_FORM_NO_CYCLE =
      slices().matching("io.slipstream.(**)").should().beFreeOfCycles();

  private static final ArchRule PACKAGES_DEPEND_ONLY_DOWNWARDS =
      layeredArchitecture()
          .consideringOnlyDependenciesInLayers()
          .ensureAllClassesAreContainedInArchitecture()
          .layer("Entry points")
          .definedBy("io.slipstream.ingest.app..", "io.slipstream.ingest.loadgen..")
          .layer("OTLP")
          .definedBy("io.slipstream.ingest.otlp..")
          .layer("Gateway")
          .definedBy("io.slipstream.ingest.gateway..")
          .layer("Client")
          .definedBy("io.slipstream.ingest.client..")
          .layer("Spool")
          .definedBy("io.slipstream.ingest.spool..")
          .layer("Model")
          .definedBy("io.slipstream.ingest")
          .whereLayer("Entry points")
          .mayNotBeAccessedByAnyLayer()
          .whereLayer("OTLP")
          .mayOnlyBeAccessedByLayers("Entry points")
          .whereLayer("Gateway")
          .mayOnlyBeAccessedByLayers("Entry points", "OTLP")
          .whereLayer("Client")
          .mayOnlyBeAccessedByLayers("Entry points", "OTLP", "Gateway")
          .whereLayer("Spool")
          .mayOnlyBeAccessedByLayers("Entry points", "OTLP", "Gateway", "Client")
          .whereLayer("Model")
          .mayOnlyBeAccessedByLayers("Entry points", "OTLP", "Gateway", "Client", "Spool");

  private static JavaClasses ingest;

  @BeforeAll
  static void importTheIngestClasses() {
    ingest =
        new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.slipstream.ingest");
  }

  @Test
  void shouldFormNoPackageCycle() {
    PACKAGES_FORM_NO_CYCLE.check(ingest);
  }

  @Test
  void shouldDependOnlyDownwardsThroughTheLayers() {
    PACKAGES_DEPEND_ONLY_DOWNWARDS.check(ingest);
  }
}
