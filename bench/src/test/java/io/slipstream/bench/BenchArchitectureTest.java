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
 * processor's own sketch). The exceptions are two white-box benchmarks: {@code EvaluationJmh}, of
 * the engine's package-private accounting, in {@code io.slipstream.processor.slo.engine}, and
 * {@code ExemplarJmh}, of a bucket's exemplar choice, in {@code
 * io.slipstream.processor.aggregation}: those classes stay package-private because {@code
 * SloAccountant} and {@code RequestBucket} alone keep their invariants. These rules keep the
 * exceptions to those two and free of cycles. Checked on the bench's own compiled classes (JMH's
 * generated ones included), not on the processor's.
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
  void shouldPutOnlyTheWhiteBoxBenchmarksInAProcessorPackage() {
    classes()
        .that()
        .resideInAPackage("io.slipstream.processor..")
        .should()
        .resideInAnyPackage(
            "io.slipstream.processor.slo.engine",
            "io.slipstream.processor.slo.engine.jmh_generated",
            "io.slipstream.processor.aggregation",
            "io.slipstream.processor.aggregation.jmh_generated")
        .andShould()
        .haveNameMatching(".*\\.(EvaluationJmh|ExemplarJmh)[_$A-Za-z0-9]*")
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
