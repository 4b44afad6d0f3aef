package io.slipstream.localrun.soak;

import io.slipstream.contracts.Topics;
import io.slipstream.localrun.LocalRun;
import io.slipstream.localrun.Scenario;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The local pipeline as a soak run drives it: embedded stack, example SLOs, one processor, and the
 * load generator at a steady rate in real time (acceleration 1, no history, the default scenario,
 * whose first error spike comes after 15 minutes).
 */
final class SoakPipeline implements SoakRun.Pipeline, AutoCloseable {
  private final LocalRun run;
  private final GroupLag lag;

  private SoakPipeline(LocalRun run, GroupLag lag) {
    this.run = run;
    this.lag = lag;
  }

  /**
   * Starts everything, publishing the SLOs in {@code sloDirectory}; returns once the load plays.
   */
  static SoakPipeline start(double ratePerSecond, Path sloDirectory, PrintStream out) {
    String applicationId = "slipstream-soak-" + System.nanoTime();
    LocalRun run =
        LocalRun.start(
            new LocalRun.Settings(
                null,
                null,
                1,
                Map.of(),
                sloDirectory,
                List.of(),
                Scenario.defaults(),
                Duration.ZERO,
                1,
                ratePerSecond,
                2,
                0,
                Duration.ZERO,
                applicationId,
                LocalRun.DEFAULT_SEED),
            out);
    try {
      return new SoakPipeline(
          run,
          new GroupLag(
              run.bootstrapServers(), applicationId, Topics.defaults().requestEvents().name()));
    } catch (RuntimeException e) {
      run.close();
      throw e;
    }
  }

  @Override
  public long eventsSent() {
    return run.requestsSent();
  }

  @Override
  public long eventsDropped() {
    return run.requestsDropped();
  }

  @Override
  public long consumerLag() {
    return lag.records();
  }

  @Override
  public void close() {
    try {
      lag.close();
    } finally {
      run.close();
    }
  }
}
