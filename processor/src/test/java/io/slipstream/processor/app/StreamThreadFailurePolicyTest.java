package io.slipstream.processor.app;

import static org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.REPLACE_THREAD;
import static org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.slipstream.serde.WireFormatException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.streams.errors.StreamsException;
import org.junit.jupiter.api.Test;

/** Transient failures replace the thread; a failure that keeps repeating stops the client. */
class StreamThreadFailurePolicyTest {
  private static final long MINUTE_MS = 60_000;

  private final AtomicLong now = new AtomicLong(1_700_000_000_000L);
  private final StreamThreadFailurePolicy policy =
      new StreamThreadFailurePolicy(5, Duration.ofMinutes(10), now::get);

  /** A bug as Kafka Streams reports it: wrapped, with the task and offset in the wrapper. */
  private static Throwable bug(String message, long offset) {
    return new StreamsException(
        "Exception caught in process. taskId=0_1, offset=" + offset,
        new IllegalStateException(message));
  }

  @Test
  void shouldStopTheClientAtTheFifthIdenticalFailureWithinTenMinutes() {
    List<String> heard = new ArrayList<>();
    policy.onStop(heard::add);
    for (int i = 0; i < 4; i++) {
      assertThat(policy.handle(bug("bucket already closed", 100 + i))).isEqualTo(REPLACE_THREAD);
      now.addAndGet(MINUTE_MS);
    }
    assertThat(policy.stopReason()).isEmpty();

    assertThat(policy.handle(bug("bucket already closed", 104))).isEqualTo(SHUTDOWN_CLIENT);

    String reason =
        "stream threads stopped after 5 identical failures within 600 s:"
            + " java.lang.IllegalStateException: bucket already closed";
    assertThat(policy.stopReason()).contains(reason);
    assertThat(heard).containsExactly(reason);
  }

  @Test
  void shouldKeepReplacingTheThreadWhenTheFailuresDiffer() {
    for (int i = 0; i < 20; i++) {
      assertThat(policy.handle(bug("failure number " + i, 100))).isEqualTo(REPLACE_THREAD);
    }
    // Same message, another class: another failure.
    for (int i = 0; i < 4; i++) {
      assertThat(policy.handle(new IllegalArgumentException("failure number 0")))
          .isEqualTo(REPLACE_THREAD);
    }
    assertThat(policy.stopReason()).isEmpty();
  }

  @Test
  void shouldKeepReplacingTheThreadWhenIdenticalFailuresAreSpreadOverMoreThanTheWindow() {
    // One identical failure every 2.5 minutes: never five within ten minutes.
    for (int i = 0; i < 12; i++) {
      assertThat(policy.handle(bug("flaky", i))).isEqualTo(REPLACE_THREAD);
      now.addAndGet(150_000);
    }
    assertThat(policy.stopReason()).isEmpty();
  }

  @Test
  void shouldCountOnlyTheFailuresOfTheLastTenMinutes() {
    for (int i = 0; i < 4; i++) {
      policy.handle(bug("flaky", i));
    }
    now.addAndGet(10 * MINUTE_MS);
    // The four above are now ten minutes old: this is the first of a new run, not the fifth.
    assertThat(policy.handle(bug("flaky", 4))).isEqualTo(REPLACE_THREAD);
    for (int i = 0; i < 3; i++) {
      assertThat(policy.handle(bug("flaky", 5 + i))).isEqualTo(REPLACE_THREAD);
    }
    assertThat(policy.handle(bug("flaky", 8))).isEqualTo(SHUTDOWN_CLIENT);
  }

  @Test
  void shouldAlwaysReplaceTheThreadForAnUnreachableBrokerOrRegistry() {
    for (int i = 0; i < 50; i++) {
      assertThat(
              policy.handle(
                  new StreamsException("commit failed", new TimeoutException("broker down"))))
          .isEqualTo(REPLACE_THREAD);
      assertThat(
              policy.handle(
                  new StreamsException(
                      "serializing",
                      new WireFormatException(
                          WireFormatException.Reason.REGISTRY_UNAVAILABLE, "connection refused"))))
          .isEqualTo(REPLACE_THREAD);
    }
    assertThat(policy.stopReason()).isEmpty();
  }

  @Test
  void shouldStopEveryLaterThreadOnceTheClientIsStopping() {
    for (int i = 0; i < 5; i++) {
      policy.handle(bug("bucket already closed", i));
    }
    assertThat(policy.handle(new StreamsException("commit failed", new TimeoutException("x"))))
        .isEqualTo(SHUTDOWN_CLIENT);
    assertThat(policy.handle(bug("something else", 0))).isEqualTo(SHUTDOWN_CLIENT);
  }

  @Test
  void shouldTellALateListenerAtOnce() {
    for (int i = 0; i < 5; i++) {
      policy.handle(bug("bucket already closed", i));
    }
    List<String> heard = new ArrayList<>();
    policy.onStop(heard::add);
    assertThat(heard).hasSize(1);
    assertThat(heard.get(0)).endsWith("java.lang.IllegalStateException: bucket already closed");
  }

  @Test
  void shouldSignAFailureByItsRootCause() {
    Throwable deep =
        new StreamsException("outer", new RuntimeException("middle", new ArithmeticException()));
    assertThat(StreamThreadFailurePolicy.signature(deep))
        .isEqualTo("java.lang.ArithmeticException: null");
    assertThat(StreamThreadFailurePolicy.signature(new IllegalStateException("x".repeat(600))))
        .hasSize("java.lang.IllegalStateException: ".length() + 501);
  }

  @Test
  void shouldRefuseALimitBelowOneOrAnEmptyWindow() {
    assertThatThrownBy(() -> new StreamThreadFailurePolicy(0, Duration.ofMinutes(1), now::get))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("limit");
    assertThatThrownBy(() -> new StreamThreadFailurePolicy(1, Duration.ZERO, now::get))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("window");
  }
}
