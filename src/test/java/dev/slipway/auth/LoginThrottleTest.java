package dev.slipway.auth;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Guessing slows down past a few failures, decays with time, and never keeps the real owner out for good. */
class LoginThrottleTest {
  private long now = 1_000_000_000L;
  private final LoginThrottle throttle = new LoginThrottle(() -> now);

  @Test
  void fiveFailuresFromAnAddressAreFreeThenEachAttemptWaitsLongerAndLonger() {
    for (int i = 0; i < 4; i++) {
      assertThat(throttle.failed("ana", "10.0.0.1")).isFalse();
      assertThat(throttle.waitMs("ana", "10.0.0.1")).isZero();
    }
    assertThat(throttle.failed("ana", "10.0.0.1")).as("the fifth").isTrue();
    assertThat(throttle.waitMs("ana", "10.0.0.1")).isEqualTo(30_000);
    assertThat(throttle.waitMs("bob", "10.0.0.1")).as("another account from the same address").isEqualTo(30_000);

    now += 30_000;
    assertThat(throttle.waitMs("ana", "10.0.0.1")).isZero();
    throttle.failed("ana", "10.0.0.1");
    assertThat(throttle.waitMs("ana", "10.0.0.1")).isEqualTo(60_000);
  }

  @Test
  void theWaitNeverExceedsTheWindowAndFailuresAgeOut() {
    for (int i = 0; i < 40; i++) {
      throttle.failed("admin", "10.0.0.2");
      now += 1000;
    }
    assertThat(throttle.waitMs("admin", "10.0.0.2")).isLessThanOrEqualTo(LoginThrottle.WINDOW_MS);

    now += LoginThrottle.WINDOW_MS;
    assertThat(throttle.waitMs("admin", "10.0.0.2")).as("after the window").isZero();
  }

  @Test
  void anAccountGuessedFromManyAddressesWaitsButNotFromWhereItsOwnerSignedInBefore() {
    throttle.succeeded("admin", "192.168.1.10");
    for (int i = 0; i < 10; i++) {
      throttle.failed("admin", "203.0.113." + i);
    }
    assertThat(throttle.waitMs("admin", "203.0.113.200")).as("a new address").isEqualTo(30_000);
    assertThat(throttle.waitMs("admin", "192.168.1.10")).as("the owner's usual address").isZero();
    assertThat(throttle.waitMs("other", "203.0.113.200")).as("another account").isZero();
  }

  @Test
  void signingInForgivesTheAddressItsFailures() {
    for (int i = 0; i < 4; i++) {
      throttle.failed("ana", "10.0.0.3");
    }
    throttle.succeeded("ana", "10.0.0.3");
    assertThat(throttle.failed("ana", "10.0.0.3")).isFalse();
  }

  @Test
  void tokenAttemptsCountPerAddressOnly() {
    for (int i = 0; i < 5; i++) {
      throttle.failed(null, "10.0.0.4");
    }
    assertThat(throttle.waitMs(null, "10.0.0.4")).isPositive();
    assertThat(throttle.waitMs(null, "10.0.0.5")).isZero();
  }

  @Test
  void pruningForgetsWhatNoLongerCounts() {
    throttle.failed("ana", "10.0.0.6");
    now += LoginThrottle.WINDOW_MS + 1;
    throttle.prune();
    for (int i = 0; i < 4; i++) {
      assertThat(throttle.failed("ana", "10.0.0.6")).isFalse();
    }
  }

  @Test
  void aBurstSentInParallelIsCheckedAFewAtATimeSoItCannotOutrunTheCount() {
    LoginThrottle throttle = new LoginThrottle(() -> 1_000_000L);
    assertThat(throttle.begin("admin", "10.0.0.9")).isZero();
    assertThat(throttle.begin("admin", "10.0.0.9")).isZero();
    assertThat(throttle.begin("admin", "10.0.0.9")).as("a third at once").isPositive();
    assertThat(throttle.begin("admin", "10.0.0.8")).as("the account's third at once, from elsewhere").isPositive();
    throttle.failed("admin", "10.0.0.9");
    throttle.end("admin", "10.0.0.9");
    assertThat(throttle.begin("someone", "10.0.0.9")).isZero();
  }
}
