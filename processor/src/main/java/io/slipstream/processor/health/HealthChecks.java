package io.slipstream.processor.health;

import io.slipstream.processor.topology.StoreNames;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.ThreadMetadata;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.QueryableStoreTypes;

/**
 * Kubernetes-style probes of one processor instance.
 *
 * <ul>
 *   <li>live: the Kafka Streams client has not failed for good ({@code ERROR}) and its stream
 *       threads have not been stopped for a repeating failure ({@link #onStreamThreadsStopped}); a
 *       restart is the only cure otherwise.
 *   <li>ready: the client is {@code RUNNING}, its threads have not been stopped, and this
 *       instance's stores answer queries (an instance without active tasks is ready: it forwards
 *       every question).
 *   <li>startup: the client has been {@code RUNNING} at least once (state restored).
 * </ul>
 *
 * <p>A probe that fails for stopped threads answers with state {@code STOPPED} and the stop's
 * reason as its detail.
 */
public final class HealthChecks {
  /** The state a probe reports once the stream threads have been stopped for good. */
  public static final String STOPPED = "STOPPED";

  private final Supplier<KafkaStreams> streams;
  private final AtomicBoolean started = new AtomicBoolean();
  private final AtomicReference<String> stoppedBecause = new AtomicReference<>();

  /**
   * @param streams the client, or null while it is being created
   */
  public HealthChecks(Supplier<KafkaStreams> streams) {
    this.streams = streams;
  }

  /** The answer of a probe; {@code detail} says why in words. */
  public record Result(boolean up, String state, String detail) {}

  /** Call from the client's state listener, so startup does not depend on a probe catching it. */
  public void onStateChange(KafkaStreams.State newState) {
    if (newState == KafkaStreams.State.RUNNING) {
      started.set(true);
    }
  }

  /**
   * Call when the stream threads have been stopped for good (the uncaught-exception policy gave
   * up): live and ready report down from then on, with {@code reason} as the detail.
   */
  public void onStreamThreadsStopped(String reason) {
    stoppedBecause.compareAndSet(null, Objects.requireNonNull(reason, "reason"));
  }

  public Result live() {
    String stopped = stoppedBecause.get();
    if (stopped != null) {
      return new Result(false, STOPPED, stopped);
    }
    KafkaStreams client = streams.get();
    if (client == null) {
      return new Result(true, "STARTING", "the processor is being created");
    }
    KafkaStreams.State state = client.state();
    boolean failed = state == KafkaStreams.State.ERROR || state == KafkaStreams.State.PENDING_ERROR;
    return new Result(!failed, state.name(), failed ? "all stream threads have died" : "alive");
  }

  public Result startup() {
    KafkaStreams client = streams.get();
    if (client == null) {
      return new Result(false, "STARTING", "the processor is being created");
    }
    onStateChange(client.state());
    return started.get()
        ? new Result(true, client.state().name(), "state restored, processing started")
        : new Result(false, client.state().name(), "restoring state or joining the group");
  }

  public Result ready() {
    String stopped = stoppedBecause.get();
    if (stopped != null) {
      return new Result(false, STOPPED, stopped);
    }
    KafkaStreams client = streams.get();
    if (client == null) {
      return new Result(false, "STARTING", "the processor is being created");
    }
    KafkaStreams.State state = client.state();
    onStateChange(state);
    if (state != KafkaStreams.State.RUNNING) {
      return new Result(false, state.name(), "not RUNNING: queries would get 503");
    }
    boolean activeTasks =
        client.metadataForLocalThreads().stream()
            .map(ThreadMetadata::activeTasks)
            .anyMatch(tasks -> !tasks.isEmpty());
    if (!activeTasks) {
      return new Result(true, state.name(), "no active tasks here; questions are forwarded");
    }
    try {
      client.store(
          StoreQueryParameters.fromNameAndType(
              StoreNames.SLO_STATUS, QueryableStoreTypes.keyValueStore()));
      return new Result(true, state.name(), "stores queryable");
    } catch (InvalidStateStoreException e) {
      return new Result(false, state.name(), "stores not queryable: " + e.getMessage());
    }
  }
}
