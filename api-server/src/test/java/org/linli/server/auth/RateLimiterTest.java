package org.linli.server.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.linli.core.error.RateLimitedException;

class RateLimiterTest {
  private final AtomicLong now = new AtomicLong(1_000_000_000L);

  @Test
  void acquire_allowsABurstOfTheLimit_thenRefillsAtTheRate() {
    RateLimiter limiter = new RateLimiter(60, now::get); // one a second
    for (int i = 0; i < 60; i++) {
      limiter.acquire("ip:1.2.3.4");
    }
    assertThatThrownBy(() -> limiter.acquire("ip:1.2.3.4"))
        .isInstanceOfSatisfying(
            RateLimitedException.class, e -> assertThat(e.retryAfterSeconds()).isEqualTo(1));
    limiter.acquire("sub:alice"); // another client is unaffected
    now.addAndGet(999_000_000L);
    assertThatThrownBy(() -> limiter.acquire("ip:1.2.3.4"))
        .isInstanceOf(RateLimitedException.class);
    now.addAndGet(2_000_000L);
    limiter.acquire("ip:1.2.3.4"); // one second later: one more
    assertThatThrownBy(() -> limiter.acquire("ip:1.2.3.4"))
        .isInstanceOf(RateLimitedException.class);
  }

  @Test
  void acquire_neverBanksMoreThanOneMinute() {
    RateLimiter limiter = new RateLimiter(6, now::get);
    now.addAndGet(3_600_000_000_000L); // an idle hour
    for (int i = 0; i < 6; i++) {
      limiter.acquire("k");
    }
    assertThatThrownBy(() -> limiter.acquire("k"))
        .isInstanceOfSatisfying(
            RateLimitedException.class, e -> assertThat(e.retryAfterSeconds()).isEqualTo(10));
  }

  @Test
  void zero_turnsLimitingOff() {
    RateLimiter limiter = new RateLimiter(0, now::get);
    for (int i = 0; i < 10_000; i++) {
      limiter.acquire("k");
    }
  }
}
