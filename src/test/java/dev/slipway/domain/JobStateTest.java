package dev.slipway.domain;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class JobStateTest {
  @Test
  void aJobMovesForwardOnlyAndNeverLeavesAFinalState() {
    assertThat(JobState.QUEUED.canMoveTo(JobState.RUNNING)).isTrue();
    assertThat(JobState.QUEUED.canMoveTo(JobState.CANCELLED)).isTrue();
    assertThat(JobState.QUEUED.canMoveTo(JobState.FAILED)).isTrue();
    assertThat(JobState.RUNNING.canMoveTo(JobState.SUCCEEDED)).isTrue();
    assertThat(JobState.RUNNING.canMoveTo(JobState.QUEUED)).isFalse();
    assertThat(JobState.RUNNING.canMoveTo(JobState.RUNNING)).isFalse();
    for (JobState end : new JobState[] {JobState.SUCCEEDED, JobState.FAILED, JobState.CANCELLED}) {
      assertThat(end.isFinal()).isTrue();
      for (JobState next : JobState.values()) {
        assertThat(end.canMoveTo(next)).as("%s → %s", end, next).isFalse();
      }
    }
  }

  @Test
  void rolesAreOrderedAndParsedStrictly() {
    assertThat(Role.ADMIN.atLeast(Role.OPERATOR)).isTrue();
    assertThat(Role.VIEWER.atLeast(Role.OPERATOR)).isFalse();
    assertThat(Role.parse(" Operator ")).isEqualTo(Role.OPERATOR);
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> Role.parse("root")).isInstanceOf(BadRequest.class);
  }
}
