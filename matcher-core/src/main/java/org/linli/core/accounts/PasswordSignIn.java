package org.linli.core.accounts;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.function.Function;
import org.linli.core.error.InvalidInputException;
import org.linli.core.error.Problems;
import org.linli.core.error.RateLimitedException;
import org.linli.core.error.UnauthenticatedException;

/**
 * Workers, agencies, staff and admins sign in with a username and password. {@value #MAX_FAILURES}
 * failures within {@link #WINDOW} lock the name for {@link #LOCK} (429, saying when to try again).
 * Failures are counted per name tried, whether or not an account has it, and an unknown name costs
 * the same hash as a known one: no answer, and no timing, tells an unknown username from a wrong
 * password. A disabled account is refused only after its password was right. Blocking steps run on
 * {@code blocking}. Thread-safe.
 */
public final class PasswordSignIn {
  public static final int MAX_FAILURES = 10;
  public static final Duration WINDOW = Duration.ofMinutes(15);
  public static final Duration LOCK = Duration.ofMinutes(15);

  /** Longest password hashed: a longer one is refused before any work (400). */
  public static final int MAX_PASSWORD = 256;

  private final UserStore store;
  private final PasswordHasher hasher;
  private final Function<String, String> keyedHash;
  private final TokenIssuer tokens;
  private final Function<Account, Duration> ttl;
  private final Clock clock;
  private final Executor blocking;
  private final String decoy;

  /**
   * @param keyedHash a keyed hash (failures are counted under it of the name tried)
   * @param tokens issues the session's token
   * @param ttl how long a session of an account lasts
   */
  public PasswordSignIn(
      UserStore store,
      PasswordHasher hasher,
      Function<String, String> keyedHash,
      TokenIssuer tokens,
      Function<Account, Duration> ttl,
      Clock clock,
      Executor blocking) {
    this.store = store;
    this.hasher = hasher;
    this.keyedHash = keyedHash;
    this.tokens = tokens;
    this.ttl = ttl;
    this.clock = clock;
    this.blocking = blocking;
    this.decoy = hasher.hash("a password no account has: " + System.nanoTime());
  }

  /** {@code text} as a username: trimmed, lower case. */
  public static String normalise(String text) {
    return text.trim().toLowerCase(Locale.ROOT);
  }

  /**
   * A session for {@code username} with {@code password}. 400 for a missing field; 401, saying
   * alike, for an unknown name or a wrong password; 429 while the name is locked.
   */
  public CompletionStage<Session> signIn(String username, String password) {
    Problems p = new Problems();
    p.require(username != null && !username.isBlank(), "username", "the username is required");
    p.require(password != null && !password.isEmpty(), "password", "the password is required");
    p.require(
        password == null || password.length() <= MAX_PASSWORD,
        "password",
        "a password is at most " + MAX_PASSWORD + " characters");
    p.require(username == null || username.length() <= 200, "username", "that is not a username");
    try {
      p.throwIfAny();
    } catch (InvalidInputException e) {
      return CompletableFuture.failedFuture(e);
    }
    String name = normalise(username);
    return CompletableFuture.supplyAsync(() -> check(name, password), blocking);
  }

  private Session check(String name, String password) {
    Instant now = clock.instant();
    String nameHash = keyedHash.apply("username:" + name);
    List<Instant> failures = store.failures(nameHash, now.minus(WINDOW));
    if (failures.size() >= MAX_FAILURES) {
      Instant until = failures.get(failures.size() - 1).plus(LOCK);
      throw new RateLimitedException(
          "too many failed sign-ins with this username; try again in "
              + Math.max(1, Duration.between(now, until).toMinutes() + 1)
              + " minutes, or ask your administrator",
          Math.max(1, Duration.between(now, until).toSeconds() + 1));
    }
    Optional<UserStore.Credentials> found = store.credentials(name);
    boolean right;
    if (found.isPresent()) {
      right = hasher.matches(password, found.get().passwordHash());
    } else {
      hasher.matches(password, decoy); // takes as long as a known name does
      right = false;
    }
    if (!right) {
      store.recordFailure(nameHash, now);
      throw new UnauthenticatedException(
          "the username or the password is wrong; check both and try again");
    }
    Account account = found.get().account();
    if (account.disabled()) {
      throw new UnauthenticatedException(
          "this account is disabled; ask your administrator to enable it");
    }
    if (!failures.isEmpty()) {
      store.clearFailures(nameHash);
    }
    TokenIssuer.Issued t = tokens.issue(account.principal(), ttl.apply(account));
    return new Session(t.token(), t.expiresAt(), account);
  }
}
