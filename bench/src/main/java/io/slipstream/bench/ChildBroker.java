package io.slipstream.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** {@link BrokerMain} in a child JVM: started, awaited, and stopped from the harness. */
final class ChildBroker implements AutoCloseable {
  private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(90);

  private final ChildJvm jvm;
  private final Path addressFile;
  private String bootstrapServers;

  private ChildBroker(ChildJvm jvm, Path addressFile) {
    this.jvm = jvm;
    this.addressFile = addressFile;
  }

  /** Launches the broker JVM and returns at once; {@link #awaitServing()} waits for it. */
  static ChildBroker launch(Path workDir, List<String> jvmArgs) {
    Path addressFile = workDir.resolve("broker.address");
    ChildJvm jvm =
        ChildJvm.start(
            "kafka-broker",
            jvmArgs,
            BrokerMain.class,
            List.of("--address-file=" + addressFile),
            workDir.resolve("broker.log"));
    return new ChildBroker(jvm, addressFile);
  }

  /**
   * Waits until the broker has written its address, up to 90 s.
   *
   * @return the bootstrap servers
   * @throws IllegalStateException if the broker exits or does not serve in time
   */
  String awaitServing() {
    long deadline = System.nanoTime() + STARTUP_TIMEOUT.toNanos();
    while (System.nanoTime() < deadline) {
      if (Files.exists(addressFile)) {
        try {
          bootstrapServers = Files.readString(addressFile, StandardCharsets.UTF_8).trim();
          return bootstrapServers;
        } catch (IOException e) {
          throw new UncheckedIOException("cannot read " + addressFile, e);
        }
      }
      if (!jvm.isAlive()) {
        throw new IllegalStateException("the broker JVM exited; its log ends with:\n" + jvm.tail());
      }
      try {
        // Polling for a file the child writes once it serves; bounded by the deadline.
        TimeUnit.MILLISECONDS.sleep(100);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while waiting for the broker", e);
      }
    }
    throw new IllegalStateException(
        "the broker did not serve within "
            + STARTUP_TIMEOUT
            + "; its log ends with:\n"
            + jvm.tail());
  }

  String bootstrapServers() {
    return bootstrapServers;
  }

  /** CPU time the broker JVM has used so far, in nanoseconds, or -1 if unknown. */
  long cpuNanos() {
    return jvm.cpuNanos();
  }

  @Override
  public void close() {
    jvm.close();
  }
}
