package io.slipstream.localstack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A child process that cannot outlive this JVM: a shutdown hook ends it if nobody closed it, and
 * {@link #close()} ends it politely (SIGTERM), then forcibly (SIGKILL) after a grace period.
 *
 * <p>A JVM killed with SIGKILL runs no hooks; its child keeps running until it is killed by hand.
 */
public final class ChildProcess implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(ChildProcess.class);
  private static final Duration GRACE_PERIOD = Duration.ofSeconds(10);
  private static final Duration KILL_WAIT = Duration.ofSeconds(5);

  private final String name;
  private final Process process;
  private final Runnable afterExit;
  private final Thread shutdownHook;
  private boolean closed;

  private ChildProcess(String name, Process process, Runnable afterExit) {
    this.name = name;
    this.process = process;
    this.afterExit = afterExit;
    this.shutdownHook = new Thread(this::terminate, "stop-" + name);
  }

  /**
   * Starts {@code command} in {@code workDir} with exactly {@code environment} (nothing inherited),
   * stdout and stderr appended to {@code logFile}. {@code afterExit} runs once the process is gone,
   * from {@link #close()} or from the shutdown hook (e.g. to delete its files).
   *
   * @throws UncheckedIOException if the process cannot be started
   */
  public static ChildProcess start(
      String name,
      List<String> command,
      Path workDir,
      Map<String, String> environment,
      Path logFile,
      Runnable afterExit) {
    ProcessBuilder builder =
        new ProcessBuilder(command)
            .directory(workDir.toFile())
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()));
    builder.environment().clear();
    builder.environment().putAll(environment);
    try {
      ChildProcess child = new ChildProcess(name, builder.start(), afterExit);
      Runtime.getRuntime().addShutdownHook(child.shutdownHook);
      LOG.debug("Started {} (pid {}): {}", name, child.process.pid(), command);
      return child;
    } catch (IOException e) {
      throw new UncheckedIOException("Could not start " + name + ": " + command, e);
    }
  }

  public long pid() {
    return process.pid();
  }

  public boolean isAlive() {
    return process.isAlive();
  }

  /** Returns the exit code; only meaningful once {@link #isAlive()} is false. */
  public int exitValue() {
    return process.exitValue();
  }

  /**
   * Ends the process at once with SIGKILL, as a crash would: it runs no shutdown hooks and flushes
   * nothing. Waits until it is gone, then runs afterExit. Idempotent, and {@link #close()} after it
   * does nothing.
   *
   * @throws IllegalStateException if it is still alive 5 s after SIGKILL
   */
  public synchronized void kill() {
    if (closed) {
      return;
    }
    closed = true;
    removeShutdownHook();
    process.destroyForcibly();
    try {
      process.waitFor(KILL_WAIT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (!terminate()) {
      throw new IllegalStateException(name + " (pid " + process.pid() + ") survived SIGKILL");
    }
  }

  /**
   * Ends the process (SIGTERM, then SIGKILL after 10 s) and waits for it. Idempotent.
   *
   * @throws IllegalStateException if it is still alive 5 s after SIGKILL
   */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    removeShutdownHook();
    if (!terminate()) {
      throw new IllegalStateException(name + " (pid " + process.pid() + ") did not stop");
    }
  }

  private void removeShutdownHook() {
    try {
      Runtime.getRuntime().removeShutdownHook(shutdownHook);
    } catch (IllegalStateException e) {
      // The JVM is already shutting down and runs the hook itself; stopping twice is harmless.
      LOG.debug("JVM shutdown in progress; the hook stops {} too", name);
    }
  }

  /** Returns whether the process is gone; logs how it ended and then runs afterExit. */
  private boolean terminate() {
    long startNanos = System.nanoTime();
    try {
      if (process.isAlive()) {
        // SIGTERM through the handle: Process.destroy() also closes the child's standard input,
        // which a child watching it for its parent's end (KafkaClusterNode) would take for one,
        // and halt instead of shutting down cleanly.
        process.toHandle().destroy();
        if (!process.waitFor(GRACE_PERIOD.toMillis(), TimeUnit.MILLISECONDS)) {
          LOG.warn("{} (pid {}) ignored SIGTERM for {}; killing it", name, pid(), GRACE_PERIOD);
          process.destroyForcibly();
          process.waitFor(KILL_WAIT.toMillis(), TimeUnit.MILLISECONDS);
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
    }
    if (process.isAlive()) {
      LOG.error("{} (pid {}) is still running; kill it by hand", name, pid());
      return false;
    }
    LOG.info(
        "{} (pid {}) stopped with exit code {} in {} ms",
        name,
        pid(),
        process.exitValue(),
        TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos));
    try {
      afterExit.run();
    } catch (RuntimeException e) {
      // The process is gone, which is what callers wait for; leftovers are only reported.
      LOG.warn("Cleaning up after {} failed", name, e);
    }
    return true;
  }
}
