package io.slipstream.processor;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The processor's packages form no cycle and depend only downwards through these layers, checked on
 * the compiled main classes (tests may reach across).
 *
 * <ol>
 *   <li><b>Entry points</b>: {@code app} wires configuration, the Kafka Streams client and the HTTP
 *       server together ({@code ProcessorMain}, {@code ServedProcessor}, {@code
 *       SlipstreamProcessor}) and owns the policies of a running instance (uncaught exceptions,
 *       shutdown); {@code cli} is the {@code slipstream} command, a client of the HTTP API. Nothing
 *       depends on them: they are where a process starts.
 *   <li><b>Serving</b>: {@code query} (the HTTP API, routing a question to the instance that owns
 *       the key), {@code health} (probes) and {@code prometheus} (the {@code /metrics} exposition).
 *       They read a running client's stores by the topology's store names and the SLO domain's
 *       types; {@code app} hands them the client, so they never reach up to it.
 *   <li><b>Topology</b>: {@code topology}, the pure function from topic names and serde
 *       configuration to the {@code Topology}, and the processors in it. It drives the SLO engine
 *       and the aggregates from the streams; nothing below knows the stream graph.
 *   <li><b>SLO domain</b>: {@code slo.*}, definitions, evaluation, corrections and SLAs as plain
 *       Java over the stores it is handed. Ordered within itself: {@code definitions} (loads the
 *       definitions topic into the engine's registry) above {@code engine} (accounting, burn rates,
 *       alerts, incidents) above {@code sla} (reports, read from a view of the engine's per-minute
 *       counts) above {@code corrections} above {@code documents} and {@code spec} (the parsed
 *       model and its calendar arithmetic).
 *   <li><b>Aggregation</b>: {@code aggregation} (per-bucket aggregates of the golden signals) and
 *       {@code window} (which rollups answer a time range). The engine counts from the aggregates;
 *       they know nothing of SLOs.
 *   <li><b>Foundation</b>: {@code store}, {@code key}, {@code validation}, {@code deadletter} and
 *       {@code metrics} (the counters the topology records into), used by any layer above and using
 *       none.
 * </ol>
 *
 * <p>Every package is its own slice for the cycle check ({@code slo.engine} and {@code slo.sla} are
 * two), and every class must belong to a layer, so a new package is placed deliberately.
 *
 * <p>Plain JUnit tests rather than {@code @ArchTest} fields: Surefire 3.5.3 does not run rules
 * declared as fields.
 */
class ProcessorArchitectureTest {
  private static final String ENTRY_POINTS = "Entry points";
  private static final String SERVING = "Serving";
  private static final String TOPOLOGY = "Topology";
  private static final String SLO_DOMAIN = "SLO domain";
  private static final String AGGREGATION = "Aggregation";
  private static final String FOUNDATION = "Foundation";

  private static final ArchRule PACKAGES_FORM_NO_CYCLE =
      slices().matching("io.slipstream.processor.(**)").should().beFreeOfCycles();

  private static final ArchRule PACKAGES_DEPEND_ONLY_DOWNWARDS =
      layeredArchitecture()
          .consideringOnlyDependenciesInLayers()
          .ensureAllClassesAreContainedInArchitecture()
          .layer(ENTRY_POINTS)
          .definedBy("io.slipstream.processor.app..", "io.slipstream.processor.cli..")
          .layer(SERVING)
          .definedBy(
              "io.slipstream.processor.query..",
              "io.slipstream.processor.health..",
              "io.slipstream.processor.prometheus..")
          .layer(TOPOLOGY)
          .definedBy("io.slipstream.processor.topology..")
          .layer(SLO_DOMAIN)
          .definedBy("io.slipstream.processor.slo..")
          .layer(AGGREGATION)
          .definedBy("io.slipstream.processor.aggregation..", "io.slipstream.processor.window..")
          .layer(FOUNDATION)
          .definedBy(
              "io.slipstream.processor.store..",
              "io.slipstream.processor.key..",
              "io.slipstream.processor.validation..",
              "io.slipstream.processor.deadletter..",
              "io.slipstream.processor.metrics..")
          .whereLayer(ENTRY_POINTS)
          .mayNotBeAccessedByAnyLayer()
          .whereLayer(SERVING)
          .mayOnlyBeAccessedByLayers(ENTRY_POINTS)
          .whereLayer(TOPOLOGY)
          .mayOnlyBeAccessedByLayers(ENTRY_POINTS, SERVING)
          .whereLayer(SLO_DOMAIN)
          .mayOnlyBeAccessedByLayers(ENTRY_POINTS, SERVING, TOPOLOGY)
          .whereLayer(AGGREGATION)
          .mayOnlyBeAccessedByLayers(ENTRY_POINTS, SERVING, TOPOLOGY, SLO_DOMAIN)
          .whereLayer(FOUNDATION)
          .mayOnlyBeAccessedByLayers(ENTRY_POINTS, SERVING, TOPOLOGY, SLO_DOMAIN, AGGREGATION);

  private static final ArchRule SLO_PACKAGES_DEPEND_ONLY_DOWNWARDS =
      layeredArchitecture()
          .consideringOnlyDependenciesInLayers()
          .layer("Definitions")
          .definedBy("io.slipstream.processor.slo.definitions..")
          .layer("Engine")
          .definedBy("io.slipstream.processor.slo.engine..")
          .layer("SLA")
          .definedBy("io.slipstream.processor.slo.sla..")
          .layer("Corrections")
          .definedBy("io.slipstream.processor.slo.corrections..")
          .layer("Breakdown")
          .definedBy("io.slipstream.processor.slo.breakdown..")
          .layer("Model")
          .definedBy(
              "io.slipstream.processor.slo.documents..",
              "io.slipstream.processor.slo.spec..",
              "io.slipstream.processor.slo.arithmetic..")
          .whereLayer("Definitions")
          .mayNotBeAccessedByAnyLayer()
          .whereLayer("Engine")
          .mayOnlyBeAccessedByLayers("Definitions")
          .whereLayer("SLA")
          .mayOnlyBeAccessedByLayers("Definitions", "Engine")
          .whereLayer("Corrections")
          .mayOnlyBeAccessedByLayers("Definitions", "Engine", "SLA")
          .whereLayer("Breakdown")
          .mayOnlyBeAccessedByLayers("Definitions", "Engine", "SLA")
          .whereLayer("Model")
          .mayOnlyBeAccessedByLayers("Definitions", "Engine", "SLA", "Corrections");

  /** HTTP stays at the edge: only the query API handles requests. */
  private static final ArchRule ONLY_THE_QUERY_API_USES_THE_HTTP_SERVER =
      noClasses()
          .that()
          .resideOutsideOfPackage("io.slipstream.processor.query..")
          .should()
          .dependOnClassesThat()
          .resideInAPackage("io.javalin..");

  private static JavaClasses processor;

  @BeforeAll
  static void importTheProcessorClasses() {
    processor =
        new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.slipstream.processor");
  }

  @Test
  void shouldFormNoPackageCycle() {
    PACKAGES_FORM_NO_CYCLE.check(processor);
  }

  @Test
  void shouldDependOnlyDownwardsThroughTheLayers() {
    PACKAGES_DEPEND_ONLY_DOWNWARDS.check(processor);
  }

  @Test
  void shouldDependOnlyDownwardsWithinTheSloDomain() {
    SLO_PACKAGES_DEPEND_ONLY_DOWNWARDS.check(processor);
  }

  @Test
  void shouldServeHttpOnlyFromTheQueryApi() {
    ONLY_THE_QUERY_API_USES_THE_HTTP_SERVER.check(processor);
  }
}
