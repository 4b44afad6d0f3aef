package io.slipstream.localstack;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * JUnit 5 extension that hands tests a {@link LocalStack} and per-test {@link TestResources}.
 *
 * <p>One stack serves the whole test JVM: it is created on first use (see {@link
 * LocalStacks#fromEnvironment()}) and kept in the root context's store, which closes it when the
 * test run ends. Tests therefore share the broker and the registry, and must use the unique names
 * from {@link TestResources} for topics, application ids and subjects.
 *
 * <pre>{@code
 * @Tag("integration")
 * @ExtendWith(LocalStackExtension.class)
 * class RoundTripIT {
 *   @Test
 *   void shouldReadWhatWasWritten(LocalStack stack, TestResources resources) { ... }
 * }
 * }</pre>
 *
 * <p>If the stack fails to start, every test asking for it fails with that same error; it is not
 * started again.
 *
 * <p>A parameter of type {@link KafkaCluster} gets a replicated cluster of three nodes, likewise
 * started on first use and shared by the whole test JVM (the schema registry is the stack's). A
 * test that kills or stops a node must restart it before it ends, and should wait until its
 * replicas are back in sync ({@link KafkaCluster#awaitInSync}), so the next test finds the cluster
 * whole.
 */
public final class LocalStackExtension implements ParameterResolver {

  private static final ExtensionContext.Namespace NAMESPACE =
      ExtensionContext.Namespace.create(LocalStackExtension.class);

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    Class<?> type = parameter.getParameter().getType();
    return type == LocalStack.class || type == TestResources.class || type == KafkaCluster.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    Class<?> type = parameter.getParameter().getType();
    if (type == KafkaCluster.class) {
      return sharedCluster(context);
    }
    LocalStack stack = sharedStack(context);
    if (type == LocalStack.class) {
      return stack;
    }
    if (type == TestResources.class) {
      return TestResources.forStack(stack);
    }
    throw new ParameterResolutionException("Cannot resolve " + type);
  }

  /**
   * Returns the stack of this test run, starting it on first use. The root store closes values that
   * are {@link AutoCloseable} (as {@link LocalStack} is) when the run ends.
   */
  private static LocalStack sharedStack(ExtensionContext context) {
    return context
        .getRoot()
        .getStore(NAMESPACE)
        .getOrComputeIfAbsent(
            LocalStack.class, key -> LocalStacks.fromEnvironment(), LocalStack.class);
  }

  /** Returns the three-node cluster of this test run, starting it on first use. */
  private static KafkaCluster sharedCluster(ExtensionContext context) {
    return context
        .getRoot()
        .getStore(NAMESPACE)
        .getOrComputeIfAbsent(KafkaCluster.class, key -> KafkaCluster.start(), KafkaCluster.class);
  }
}
