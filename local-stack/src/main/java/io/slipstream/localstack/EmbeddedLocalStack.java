package io.slipstream.localstack;

import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The stack that needs neither Docker nor network: an {@link EmbeddedKafkaBroker} in this JVM and
 * an {@link ApicurioSchemaRegistry} in a child JVM, both on 127.0.0.1. Usable from main code (the
 * local run) as well as from tests.
 */
public final class EmbeddedLocalStack implements LocalStack {

  private static final Logger LOG = LoggerFactory.getLogger(EmbeddedLocalStack.class);

  /* Bounds the wait for the registry beyond its own 60 s startup timeout, should that hang. */
  private static final Duration REGISTRY_WAIT = Duration.ofSeconds(90);

  private final EmbeddedKafkaBroker broker;
  private final ApicurioSchemaRegistry registry;

  private EmbeddedLocalStack(EmbeddedKafkaBroker broker, ApicurioSchemaRegistry registry) {
    this.broker = broker;
    this.registry = registry;
  }

  /**
   * Starts broker and registry in parallel (about 3 s in all) and returns when both serve.
   *
   * @throws IllegalStateException if either fails to start; the other is stopped again
   */
  public static EmbeddedLocalStack start() {
    long startNanos = System.nanoTime();
    // The registry is a separate JVM that spends its start-up time in its own process, so
    // starting it first and the broker meanwhile costs the longer of the two, not the sum.
    ExecutorService executor =
        Executors.newSingleThreadExecutor(
            runnable -> {
              Thread thread = new Thread(runnable, "start-apicurio-registry");
              thread.setDaemon(true);
              return thread;
            });
    try {
      Future<ApicurioSchemaRegistry> registry =
          executor.submit(() -> ApicurioSchemaRegistry.start());
      EmbeddedKafkaBroker broker;
      try {
        broker = EmbeddedKafkaBroker.start();
      } catch (RuntimeException e) {
        closeWhenStarted(registry, e);
        throw e;
      }
      try {
        EmbeddedLocalStack stack = new EmbeddedLocalStack(broker, awaitRegistry(registry));
        LOG.info(
            "Embedded local stack ready in {} ms: {}",
            TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos),
            stack.description());
        return stack;
      } catch (RuntimeException e) {
        closeAfterFailure(broker, e);
        throw e;
      }
    } finally {
      executor.shutdownNow();
    }
  }

  @Override
  public String bootstrapServers() {
    return broker.bootstrapServers();
  }

  @Override
  public String schemaRegistryUrl() {
    return registry.url();
  }

  @Override
  public String description() {
    return "embedded KRaft broker at "
        + broker.bootstrapServers()
        + ", Apicurio registry at "
        + registry.url();
  }

  /** Returns the broker, e.g. to stop and restart it; shared stacks should not be disturbed. */
  public EmbeddedKafkaBroker broker() {
    return broker;
  }

  /** Returns the registry child process handle. */
  public ApicurioSchemaRegistry registry() {
    return registry;
  }

  /**
   * Stops the registry and the broker; both are attempted even if the first fails, and the first
   * failure is thrown with the second suppressed.
   */
  @Override
  public void close() {
    RuntimeException failure = null;
    for (AutoCloseable part : new AutoCloseable[] {registry, broker}) {
      try {
        part.close();
      } catch (Exception e) {
        if (failure == null) {
          failure = new IllegalStateException("Stopping the embedded local stack failed", e);
        } else {
          failure.addSuppressed(e);
        }
      }
    }
    if (failure != null) {
      throw failure;
    }
  }

  private static ApicurioSchemaRegistry awaitRegistry(Future<ApicurioSchemaRegistry> registry) {
    try {
      return registry.get(REGISTRY_WAIT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      throw new IllegalStateException("The Apicurio registry did not start", e.getCause());
    } catch (TimeoutException e) {
      registry.cancel(true);
      throw new IllegalStateException("The Apicurio registry did not start in " + REGISTRY_WAIT, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      registry.cancel(true);
      throw new IllegalStateException("Interrupted while starting the Apicurio registry", e);
    }
  }

  /** Stops the registry once its start finishes, so a failed broker start leaks no child JVM. */
  private static void closeWhenStarted(
      Future<ApicurioSchemaRegistry> registry, RuntimeException failure) {
    try {
      awaitRegistry(registry).close();
    } catch (RuntimeException e) {
      failure.addSuppressed(e);
    }
  }

  private static void closeAfterFailure(AutoCloseable part, RuntimeException failure) {
    try {
      part.close();
    } catch (Exception e) {
      failure.addSuppressed(e);
    }
  }
}
