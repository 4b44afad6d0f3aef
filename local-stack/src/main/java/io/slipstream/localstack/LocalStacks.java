package io.slipstream.localstack;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Obtains the {@link LocalStack} that the environment selects (see {@link LocalStackSelection}).
 */
public final class LocalStacks {

  private static final Logger LOG = LoggerFactory.getLogger(LocalStacks.class);

  private LocalStacks() {}

  /**
   * Connects to or starts the stack the process environment selects.
   *
   * @throws IllegalArgumentException if the environment variables are inconsistent
   * @throws IllegalStateException if the stack cannot be started
   */
  public static LocalStack fromEnvironment() {
    return from(LocalStackSelection.fromEnvironment(System.getenv()));
  }

  /** Connects to or starts the stack of {@code selection}. */
  public static LocalStack from(LocalStackSelection selection) {
    LocalStackSelection.Kind kind = selection.kind();
    if (kind == LocalStackSelection.Kind.AUTO) {
      kind =
          DockerAvailability.isDockerAvailable()
              ? LocalStackSelection.Kind.TESTCONTAINERS
              : LocalStackSelection.Kind.EMBEDDED;
    }
    LOG.info("Local stack: {} (selected as {})", kind, selection.kind());
    switch (kind) {
      case EXTERNAL:
        return new ExternalLocalStack(selection.bootstrapServers(), selection.schemaRegistryUrl());
      case TESTCONTAINERS:
        return ContainerLocalStack.start();
      case EMBEDDED:
        return EmbeddedLocalStack.start();
      default:
        throw new IllegalStateException("Unhandled kind " + kind);
    }
  }
}
