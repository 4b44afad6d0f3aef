package io.slipstream.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class MachineLoadTest {

  @Test
  void shouldCountIdleAndIoWaitAsNotBusy() {
    MachineLoad.Sample sample = MachineLoad.parse("cpu  100 5 50 800 40 3 2 0 7 0");

    assertThat(sample.total()).isEqualTo(1000);
    assertThat(sample.busy()).isEqualTo(160);
  }

  @Test
  void shouldComputeTheBusyShareBetweenTwoSamples() {
    Optional<MachineLoad.Sample> from = Optional.of(new MachineLoad.Sample(100, 1_000));
    Optional<MachineLoad.Sample> to = Optional.of(new MachineLoad.Sample(400, 2_000));

    assertThat(MachineLoad.busyShare(from, to)).isCloseTo(0.3, within(1e-9));
    assertThat(MachineLoad.busyShare(Optional.empty(), to)).isNaN();
    assertThat(MachineLoad.busyShare(to, to)).isNaN();
  }

  @Test
  void shouldRefuseAPerCoreLine() {
    assertThatThrownBy(() -> MachineLoad.parse("cpu0 1 2 3 4 5 6 7 8"))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
