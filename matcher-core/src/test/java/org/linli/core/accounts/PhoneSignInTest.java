package org.linli.core.accounts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.linli.core.memory.Stages.failure;
import static org.linli.core.memory.Stages.join;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.linli.core.access.Role;
import org.linli.core.error.InvalidInputException;
import org.linli.core.error.RateLimitedException;
import org.linli.core.error.UnauthenticatedException;
import org.linli.core.memory.InMemorySignInStore;

class PhoneSignInTest {
  final InMemorySignInStore store = new InMemorySignInStore();

  /** A clock the test moves. */
  static final class TestClock extends java.time.Clock {
    private volatile Instant now;

    TestClock(Instant now) {
      this.now = now;
    }

    void advance(Duration d) {
      now = now.plus(d);
    }

    @Override
    public java.time.ZoneId getZone() {
      return java.time.ZoneOffset.UTC;
    }

    @Override
    public java.time.Clock withZone(java.time.ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }

  final TestClock clock = new TestClock(Instant.parse("2026-12-07T08:00:00Z"));
  final AtomicInteger nextCode = new AtomicInteger(123_456);
  final PhoneSignIn signIn =
      new PhoneSignIn(
          store,
          s -> "h(" + s + ")",
          (p, ttl) ->
              new TokenIssuer.Issued(
                  "token-for-" + p.subject(), clock.instant().plus(ttl), "jti-" + p.subject()),
          Duration.ofDays(30),
          clock,
          Runnable::run,
          nextCode::getAndIncrement);

  @Test
  void aCode_goesOutThroughTheOutbox_andSignsInOnce_creatingTheAccount() {
    assertThat(join(signIn.requestCode("+86 138-1234-5678"))).isEqualTo(Duration.ofMinutes(5));
    Message m = store.outbox.get(0);
    assertThat(m.to()).isEqualTo("13812345678");
    assertThat(m.template()).isEqualTo("otp");
    assertThat(m.params()).containsEntry("code", "123456");
    assertThat(m.text()).startsWith("【邻里】").contains("123456");

    Session s = join(signIn.login("13812345678", "123456"));
    assertThat(s.account().roles()).containsExactly(Role.RESIDENT);
    assertThat(s.account().id()).startsWith("u-").doesNotContain("1381234");
    assertThat(s.token()).isEqualTo("token-for-" + s.account().id());
    assertThat(s.expiresAt()).isEqualTo(clock.instant().plus(Duration.ofDays(30)));
    assertThat(failure(signIn.login("13812345678", "123456")))
        .as("used once")
        .isInstanceOf(UnauthenticatedException.class);

    clock.advance(Duration.ofMinutes(2));
    join(signIn.requestCode("13812345678"));
    Session again = join(signIn.login("13812345678", "123457"));
    assertThat(again.account().id()).as("the same account").isEqualTo(s.account().id());
    assertThat(store.phoneOf(s.account().id())).contains(new Phone("13812345678"));
  }

  @Test
  void aCode_expires_andFiveWrongTriesVoidIt_allAnsweredAlike() {
    join(signIn.requestCode("13812345678"));
    clock.advance(Duration.ofMinutes(5));
    Throwable expired = failure(signIn.login("13812345678", "123456"));
    assertThat(expired).isInstanceOf(UnauthenticatedException.class);

    clock.advance(Duration.ofMinutes(1));
    join(signIn.requestCode("13812345678")); // 123457
    for (int i = 0; i < 5; i++) {
      assertThat(failure(signIn.login("13812345678", "000000")))
          .isInstanceOf(UnauthenticatedException.class)
          .hasMessage(expired.getMessage());
    }
    assertThat(failure(signIn.login("13812345678", "123457")))
        .as("the right code after five wrong tries")
        .isInstanceOf(UnauthenticatedException.class);
    assertThat(failure(signIn.login("13900000000", "123457")))
        .as("a phone that never asked")
        .hasMessage(expired.getMessage());
  }

  @Test
  void codes_areLimitedToOneAMinuteAndTenADay_perPhone() {
    join(signIn.requestCode("13812345678"));
    assertThat(failure(signIn.requestCode("13812345678")))
        .isInstanceOfSatisfying(
            RateLimitedException.class, e -> assertThat(e.retryAfterSeconds()).isBetween(1L, 61L));
    join(signIn.requestCode("13912345678")); // another phone is not held back
    for (int i = 1; i < 10; i++) {
      clock.advance(Duration.ofMinutes(1));
      join(signIn.requestCode("13812345678"));
    }
    clock.advance(Duration.ofMinutes(1));
    assertThat(failure(signIn.requestCode("13812345678")))
        .isInstanceOfSatisfying(
            RateLimitedException.class,
            e -> assertThat(e.retryAfterSeconds()).isGreaterThan(Duration.ofHours(23).toSeconds()));
    clock.advance(Duration.ofDays(1));
    join(signIn.requestCode("13812345678"));
  }

  @Test
  void malformedInput_is400_andNeverCountsAsATry() {
    assertThat(failure(signIn.requestCode("12345"))).isInstanceOf(InvalidInputException.class);
    assertThat(failure(signIn.requestCode(null))).isInstanceOf(InvalidInputException.class);
    join(signIn.requestCode("13812345678"));
    for (int i = 0; i < 6; i++) {
      assertThat(failure(signIn.login("13812345678", "12 34")))
          .isInstanceOf(InvalidInputException.class);
    }
    assertThat(join(signIn.login("13812345678", "123456")).account()).isNotNull();
    assertThat(new Phone("13812345678").toString()).isEqualTo("138****5678");
    assertThatThrownBy(() -> Phone.parse("+1 415 555 0100"))
        .isInstanceOf(InvalidInputException.class);
  }
}
