package io.slipstream.bench;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * How the benchmarks reach into the processor. They use its public API, which carries what they
 * need ({@code RequestBucket.newSketch()} is public so that {@code SketchJmh} measures the
 * processor's own sketch). The one exception is {@code EvaluationJmh}, a white-box benchmark of the
 * engine's package-private accounting, which lives in {@code io.slipstream.processor.slo.engine}:
 * those classes stay package-private because {@code SloAccountant} alone keeps their invariants.
 * These rules keep that exception single and free of cycles. Checked on the bench's own compiled
 * classes (JMH's generated ones included), not on the processor's.
 */
class BenchArchitectureTest {
  private static JavaClasses bench;

  @BeforeAll
  static void importTheBenchClasses() {
    // Where the bench's main classes were loaded from: its classes directory, or its jar.
    bench =
        new ClassFileImporter()
            .importUrl(JmhBenchmarks.class.getProtectionDomain().getCodeSource().getLocation());
  }

  @Test
  void shouldPutOnlyTheWhiteBoxEngineBenchmarkInAProcessorPackage() {
    classes()
        .that()
        .resideInAPackage("io.slipstream.processor..")
        .should()
        .resideInAnyPackage(
            "io.slipstream.processor.slo.engine",
            "io.slipstream.processor.slo.engine.jmh_generated")
        .andShould()
        .haveSimpleNameStartingWith("EvaluationJmh")
        .check(bench);
  }

  @Test
  void shouldKeepTheWhiteBoxBenchmarkIndependentOfTheHarness() {
    noClasses()
        .that()
        .resideInAPackage("io.slipstream.processor..")
        .should()
        .dependOnClassesThat()
        .resideInAPackage("io.slipstream.bench..")
        .check(bench);
  }

  @Test
  void shouldFormNoPackageCycle() {
    slices().matching("io.slipstream.(**)").should().beFreeOfCycles().check(bench);
  }
}
