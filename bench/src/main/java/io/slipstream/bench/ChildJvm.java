package io.slipstream.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A JVM started from this one with the same class path, its output appended to a log file, its
 * stdin a pipe that only this JVM holds: the child's mains treat the end of stdin as "the parent is
 * gone" ({@link VariantMain#exitWhenParentGoes()}, {@link BrokerMain}), so no child outlives the
 * harness, even when the harness is killed with SIGKILL.
 */
final class ChildJvm implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ChildJvm.class);
  private static final Duration STOP_GRACE = Duration.ofSeconds(30);
  private static final Duration HOOK_GRACE = Duration.ofSeconds(10);

  private final String name;
  private final Process process;
  private final Path logFile;
  private final Thread shutdownHook;
  private boolean closed;

  private ChildJvm(String name, Process process, Path logFile) {
    this.name = name;
    this.process = process;
    this.logFile = logFile;
    // On exit without close() (an exception, Ctrl-C, SIGTERM) the child still gets to shut down
    // cleanly, so the broker deletes its log directory; it is killed only if it takes too long.
    this.shutdownHook = new Thread(() -> stop(HOOK_GRACE), "stop-" + name);
  }

  /**
   * Starts {@code java <jvmArgs> -cp <this class path> <mainClass> <args>}.
   *
   * @throws UncheckedIOException if the process cannot be started
   */
  static ChildJvm start(
      String name, List<String> jvmArgs, Class<?> mainClass, List<String> args, Path logFile) {
    List<String> command = new ArrayList<>();
    command.add(Paths.get(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(jvmArgs);
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(mainClass.getName());
    command.addAll(args);
    ProcessBuilder builder =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
            .redirectInput(ProcessBuilder.Redirect.PIPE);
    try {
      ChildJvm child = new ChildJvm(name, builder.start(), logFile);
      Runtime.getRuntime().addShutdownHook(child.shutdownHook);
      LOG.info("started {} (pid {}), log {}", name, child.process.pid(), logFile);
      return child;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start " + name + ": " + command, e);
    }
  }

  boolean isAlive() {
    return process.isAlive();
  }

  Path logFile() {
    return logFile;
  }

  /** CPU time the child has used so far, in nanoseconds, or -1 if the OS does not tell. */
  long cpuNanos() {
    return ProcessCpu.ofProcessNanos(process.toHandle());
  }

  /**
   * Waits up to {@code timeout} for the child to exit by itself.
   *
   * @return its exit code
   * @throws IllegalStateException if it is still running then (it is killed) or the wait is
   *     interrupted
   */
  int awaitExit(Duration timeout) {
    try {
      if (process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        return process.exitValue();
      }
      close();
      throw new IllegalStateException(
          name + " did not finish within " + timeout + "; its log ends with:\n" + tail());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      close();
      throw new IllegalStateException("interrupted while waiting for " + name, e);
    }
  }

  /** The last 40 lines of the child's log, for error messages. */
  String tail() {
    try {
      List<String> lines = Files.readAllLines(logFile, StandardCharsets.UTF_8);
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
    } catch (IOException e) {
      return "(cannot read " + logFile + ": " + e + ")";
    }
  }

  /** Closes the child's stdin (its signal to stop), waits up to 30 s, then kills it. Idempotent. */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    try {
      Runtime.getRuntime().removeShutdownHook(shutdownHook);
    } catch (IllegalStateException e) {
      LOG.debug("JVM shutting down; its hook stops {}", name);
      return;
    }
    stop(STOP_GRACE);
  }

  /** Closes the child's stdin, waits up to {@code grace} for it to exit, then kills it. */
  private void stop(Duration grace) {
    try {
      process.getOutputStream().close();
    } catch (IOException e) {
      LOG.debug("closing the stdin of {} failed; it is stopping anyway", name, e);
    }
    try {
      if (!process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
        LOG.warn("{} (pid {}) did not stop within {}; killing it", name, process.pid(), grace);
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
    }
    LOG.info("{} (pid {}) stopped", name, process.pid());
  }
}
