package org.linli.core.accounts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.linli.core.memory.Stages.failure;
import static org.linli.core.memory.Stages.join;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.linli.core.access.Role;
import org.linli.core.error.InvalidInputException;
import org.linli.core.error.RateLimitedException;
import org.linli.core.error.UnauthenticatedException;
import org.linli.core.memory.InMemoryUserStore;

class PasswordSignInTest {
  /**
   * A stand-in for Argon2 that counts its work, so that a test sees an unknown name cost it too.
   */
  static final class CountingHasher implements PasswordHasher {
    final AtomicInteger checks = new AtomicInteger();

    @Override
    public String hash(String password) {
      return "h:" + new StringBuilder(password).reverse();
    }

    @Override
    public boolean matches(String password, String stored) {
      checks.incrementAndGet();
      return stored.equals(hash(password));
    }
  }

  final PhoneSignInTest.TestClock clock =
      new PhoneSignInTest.TestClock(Instant.parse("2026-12-07T08:00:00Z"));
  final InMemoryUserStore store = new InMemoryUserStore();
  final CountingHasher hasher = new CountingHasher();
  final PasswordSignIn signIn =
      new PasswordSignIn(
          store,
          hasher,
          s -> "k(" + s + ")",
          (p, ttl) -> new TokenIssuer.Issued("t-" + p.subject(), clock.instant().plus(ttl), "j"),
          a -> a.roles().contains(Role.STAFF) ? Duration.ofHours(8) : Duration.ofHours(12),
          clock,
          Runnable::run);

  PasswordSignInTest() {
    store.create(
        new User(
            new Account("u-1", Set.of(Role.STAFF), null, null, List.of(), false),
            "zhang.wei",
            null,
            clock.instant()),
        hasher.hash("correct horse battery"));
  }

  @Test
  void theRightPassword_signsIn_forTheLifetimeOfTheAccountsKind_whateverTheNamesCase() {
    Session s = join(signIn.signIn(" Zhang.Wei ", "correct horse battery"));
    assertThat(s.token()).isEqualTo("t-u-1");
    assertThat(s.account().id()).isEqualTo("u-1");
    assertThat(s.expiresAt()).isEqualTo(clock.instant().plus(Duration.ofHours(8)));
  }

  @Test
  void anUnknownName_andAWrongPassword_areAnsweredAlike_andCostTheSameHash() {
    Throwable wrong = failure(signIn.signIn("zhang.wei", "wrong horse battery"));
    int afterWrong = hasher.checks.get();
    Throwable unknown = failure(signIn.signIn("nobody.here", "wrong horse battery"));
    assertThat(wrong).isInstanceOf(UnauthenticatedException.class);
    assertThat(unknown).isInstanceOf(UnauthenticatedException.class);
    assertThat(unknown.getMessage()).isEqualTo(wrong.getMessage());
    assertThat(hasher.checks.get() - afterWrong).isEqualTo(afterWrong).isEqualTo(1);
  }

  @Test
  void tenFailures_lockTheName_forFifteenMinutes_knownOrNot_evenWithTheRightPassword() {
    for (String name : List.of("zhang.wei", "nobody.here")) {
      for (int i = 0; i < PasswordSignIn.MAX_FAILURES; i++) {
        assertThat(failure(signIn.signIn(name, "guess number " + i)))
            .isInstanceOf(UnauthenticatedException.class);
        clock.advance(Duration.ofSeconds(10));
      }
      Throwable locked = failure(signIn.signIn(name, "correct horse battery"));
      assertThat(locked).isInstanceOf(RateLimitedException.class);
      assertThat(((RateLimitedException) locked).retryAfterSeconds())
          .isBetween(14 * 60L, 15 * 60L + 1);
    }
    assertThat(failure(signIn.signIn("nobody.here", "x".repeat(20))).getMessage())
        .isEqualTo(
            failure(signIn.signIn("zhang.wei", "x".repeat(20)))
                .getMessage()
                .replaceAll("[0-9]+ minutes", "15 minutes"))
        .contains("15 minutes");
    clock.advance(PasswordSignIn.LOCK);
    assertThat(join(signIn.signIn("zhang.wei", "correct horse battery")).token())
        .isEqualTo("t-u-1");
  }

  @Test
  void aSuccess_forgetsEarlierFailures() {
    for (int i = 0; i < PasswordSignIn.MAX_FAILURES - 1; i++) {
      failure(signIn.signIn("zhang.wei", "guess " + i));
    }
    join(signIn.signIn("zhang.wei", "correct horse battery"));
    assertThat(failure(signIn.signIn("zhang.wei", "one more guess")))
        .isInstanceOf(UnauthenticatedException.class);
    assertThat(join(signIn.signIn("zhang.wei", "correct horse battery"))).isNotNull();
  }

  @Test
  void aDisabledAccount_isRefused_onlyAfterItsPasswordWasRight() {
    store.update("u-1", Set.of(Role.STAFF), true, null);
    Throwable right = failure(signIn.signIn("zhang.wei", "correct horse battery"));
    Throwable wrong = failure(signIn.signIn("zhang.wei", "wrong horse battery"));
    assertThat(right).isInstanceOf(UnauthenticatedException.class).hasMessageContaining("disabled");
    assertThat(wrong.getMessage()).doesNotContain("disabled");
  }

  @Test
  void missingOrOverlongFields_are400_beforeAnyHashing() {
    assertThat(failure(signIn.signIn(null, "x"))).isInstanceOf(InvalidInputException.class);
    assertThat(failure(signIn.signIn("zhang.wei", ""))).isInstanceOf(InvalidInputException.class);
    assertThat(failure(signIn.signIn("zhang.wei", "x".repeat(PasswordSignIn.MAX_PASSWORD + 1))))
        .isInstanceOf(InvalidInputException.class);
    assertThat(hasher.checks.get()).isZero();
  }
}
