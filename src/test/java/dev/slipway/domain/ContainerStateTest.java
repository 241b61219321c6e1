package dev.slipway.domain;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ContainerStateTest {
  @Test
  void onlyARunningContainerRunsButAPausedOrRestartingOneIsStillUp() {
    assertThat(ContainerState.isRunning("running")).isTrue();
    assertThat(ContainerState.isRunning("paused")).isFalse();
    assertThat(ContainerState.isUp("paused")).isTrue();
    assertThat(ContainerState.isUp("Restarting")).as("any case").isTrue();
    assertThat(ContainerState.isUp("exited")).isFalse();
  }

  @Test
  void aWordTheEngineDoesNotUseIsNoState() {
    assertThat(ContainerState.parse("sleeping")).isEmpty();
    assertThat(ContainerState.parse(null)).isEmpty();
    assertThat(ContainerState.isUp(null)).isFalse();
    assertThat(ContainerState.WIRE_NAMES).startsWith("running", "exited").contains("dead");
  }
}
