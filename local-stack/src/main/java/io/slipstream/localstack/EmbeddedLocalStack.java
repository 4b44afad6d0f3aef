package io.slipstream.localstack;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The stack that needs neither Docker nor network: an {@link EmbeddedKafkaBroker} in this JVM (or,
 * with more than one broker, a {@link KafkaCluster} of child JVMs) and an {@link
 * ApicurioSchemaRegistry} in a child JVM, all on 127.0.0.1. Usable from main code (the local run)
 * as well as from tests.
 */
public final class EmbeddedLocalStack implements LocalStack {

  private static final Logger LOG = LoggerFactory.getLogger(EmbeddedLocalStack.class);

  /* Bounds the wait for the registry beyond its own 60 s startup timeout, should that hang. */
  private static final Duration REGISTRY_WAIT = Duration.ofSeconds(90);

  /** Exactly one of broker and cluster is set. */
  private final EmbeddedKafkaBroker broker;

  private final KafkaCluster cluster;
  private final ApicurioSchemaRegistry registry;

  private EmbeddedLocalStack(
      EmbeddedKafkaBroker broker, KafkaCluster cluster, ApicurioSchemaRegistry registry) {
    this.broker = broker;
    this.cluster = cluster;
    this.registry = registry;
  }

  /**
   * Starts broker and registry in parallel (about 3 s in all) and returns when both serve.
   *
   * @throws IllegalStateException if either fails to start; the other is stopped again
   */
  public static EmbeddedLocalStack start() {
    return start(1);
  }

  /**
   * Starts {@code brokers} Kafka brokers and the registry in parallel and returns when all serve.
   * One broker runs in this JVM ({@link EmbeddedKafkaBroker}, replication factor 1); more form a
   * {@link KafkaCluster} of child JVMs (replication factor 3, or the broker count if less; {@code
   * min.insync.replicas} 2), 4–8 s for three on two cores.
   *
   * @throws IllegalArgumentException if {@code brokers} is less than 1
   * @throws IllegalStateException if any part fails to start; the others are stopped again
   */
  public static EmbeddedLocalStack start(int brokers) {
    if (brokers < 1) {
      throw new IllegalArgumentException("at least one broker, was " + brokers);
    }
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
      EmbeddedKafkaBroker broker = null;
      KafkaCluster cluster = null;
      try {
        if (brokers == 1) {
          broker = EmbeddedKafkaBroker.start();
        } else {
          cluster = KafkaCluster.builder().nodes(brokers).start();
        }
      } catch (RuntimeException e) {
        closeWhenStarted(registry, e);
        throw e;
      }
      AutoCloseable kafka = broker != null ? broker : cluster;
      try {
        EmbeddedLocalStack stack = new EmbeddedLocalStack(broker, cluster, awaitRegistry(registry));
        LOG.info(
            "Embedded local stack ready in {} ms: {}",
            TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos),
            stack.description());
        return stack;
      } catch (RuntimeException e) {
        closeAfterFailure(kafka, e);
        throw e;
      }
    } finally {
      executor.shutdownNow();
    }
  }

  @Override
  public String bootstrapServers() {
    return broker != null ? broker.bootstrapServers() : cluster.bootstrapServers();
  }

  @Override
  public String schemaRegistryUrl() {
    return registry.url();
  }

  @Override
  public String description() {
    String kafka =
        broker != null
            ? "embedded KRaft broker at " + broker.bootstrapServers()
            : "Kafka cluster of "
                + cluster.nodeIds().size()
                + " child JVMs at "
                + cluster.bootstrapServers();
    return kafka + ", Apicurio registry at " + registry.url();
  }

  /**
   * Returns the broker, e.g. to stop and restart it; shared stacks should not be disturbed.
   *
   * @throws IllegalStateException if this stack runs a {@link KafkaCluster} instead
   */
  public EmbeddedKafkaBroker broker() {
    if (broker == null) {
      throw new IllegalStateException("this stack runs a cluster of brokers: see cluster()");
    }
    return broker;
  }

  /** Returns the cluster, if this stack was started with more than one broker. */
  public Optional<KafkaCluster> cluster() {
    return Optional.ofNullable(cluster);
  }

  /** Returns the registry child process handle. */
  public ApicurioSchemaRegistry registry() {
    return registry;
  }

  /**
   * Stops the registry and the broker or cluster; both are attempted even if the first fails, and
   * the first failure is thrown with the second suppressed.
   */
  @Override
  public void close() {
    RuntimeException failure = null;
    for (AutoCloseable part : new AutoCloseable[] {registry, broker != null ? broker : cluster}) {
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
