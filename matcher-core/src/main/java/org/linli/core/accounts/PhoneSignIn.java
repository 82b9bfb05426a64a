package org.linli.core.accounts;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.function.Function;
import java.util.function.IntSupplier;
import org.linli.core.error.InvalidInputException;
import org.linli.core.error.RateLimitedException;
import org.linli.core.error.UnauthenticatedException;

/**
 * Residents sign in with their phone and a one-time code: {@link #requestCode} sends a 6-digit code
 * (at most one a minute and {@value #MAX_PER_DAY} a day per phone), {@link #login} exchanges it for
 * a token, creating the account at the first login. A code works once, for {@link #CODE_TTL}, and
 * {@value #MAX_WRONG_TRIES} wrong tries void it; every failure answers alike, so an answer tells
 * nothing about the phone. Codes and phones are kept only hashed or sealed ({@link SignInStore}).
 * Blocking steps run on {@code blocking}. Thread-safe.
 */
public final class PhoneSignIn {
  public static final Duration CODE_TTL = Duration.ofMinutes(5);
  public static final int MAX_WRONG_TRIES = 5;
  public static final Duration MIN_INTERVAL = Duration.ofMinutes(1);
  public static final int MAX_PER_DAY = 10;

  private final SignInStore store;
  private final Function<String, String> keyedHash;
  private final TokenIssuer tokens;
  private final Duration sessionTtl;
  private final Clock clock;
  private final Executor blocking;
  private final IntSupplier sixDigits;

  /**
   * @param keyedHash a keyed hash (the phone is found by it; codes are kept as it)
   * @param sessionTtl how long a resident's token lasts
   * @param sixDigits the next code, 0 to 999 999 (a secure random source)
   */
  public PhoneSignIn(
      SignInStore store,
      Function<String, String> keyedHash,
      TokenIssuer tokens,
      Duration sessionTtl,
      Clock clock,
      Executor blocking,
      IntSupplier sixDigits) {
    this.store = store;
    this.keyedHash = keyedHash;
    this.tokens = tokens;
    this.sessionTtl = sessionTtl;
    this.clock = clock;
    this.blocking = blocking;
    this.sixDigits = sixDigits;
  }

  /** Codes drawn from a {@link SecureRandom}. */
  public static IntSupplier secureCodes() {
    SecureRandom random = new SecureRandom();
    return () -> random.nextInt(1_000_000);
  }

  /**
   * Sends a code to {@code phoneText}'s phone (through the outbox); answers how long it is valid.
   * 400 for a number that is not a mainland mobile; 429 (with when to retry) over the limits.
   */
  public CompletionStage<Duration> requestCode(String phoneText) {
    Phone phone;
    try {
      phone = Phone.parse(phoneText);
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
    return CompletableFuture.supplyAsync(
        () -> {
          Instant now = clock.instant();
          String phoneHash = phoneHash(phone);
          SignInStore.Issued issued = store.issued(phoneHash, now.minus(Duration.ofDays(1)));
          Instant last = issued.last();
          if (last != null && last.plus(MIN_INTERVAL).isAfter(now)) {
            throw new RateLimitedException(
                "a code was sent to this phone less than a minute ago; wait for it, or ask again in"
                    + " a minute",
                Duration.between(now, last.plus(MIN_INTERVAL)).toSeconds() + 1);
          }
          Instant first = issued.first();
          if (issued.count() >= MAX_PER_DAY && first != null) {
            throw new RateLimitedException(
                "this phone has been sent "
                    + MAX_PER_DAY
                    + " codes in a day; ask again tomorrow, or ask staff for help",
                Duration.between(now, first.plus(Duration.ofDays(1))).toSeconds() + 1);
          }
          String code = String.format(java.util.Locale.ROOT, "%06d", sixDigits.getAsInt());
          store.issue(
              phoneHash,
              codeHash(phoneHash, code),
              now,
              now.plus(CODE_TTL),
              new Message(
                  "m-" + UUID.randomUUID(),
                  "sms",
                  phone.digits(),
                  "otp",
                  Map.of("code", code),
                  "【邻里】您的登录验证码是 " + code + "，" + CODE_TTL.toMinutes() + " 分钟内有效。请勿把验证码告诉任何人。"));
          return CODE_TTL;
        },
        blocking);
  }

  /**
   * Exchanges a code for a token, creating the resident's account at the first login. 400 for a
   * malformed phone or code; 401, saying alike, for a wrong, used, expired or voided code.
   */
  public CompletionStage<Session> login(String phoneText, String code) {
    Phone phone;
    try {
      phone = Phone.parse(phoneText);
      if (code == null || !code.matches("[0-9]{6}")) {
        throw new InvalidInputException("code", "the code is the 6 digits of the text message");
      }
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
    return CompletableFuture.supplyAsync(
        () -> {
          Instant now = clock.instant();
          String phoneHash = phoneHash(phone);
          SignInStore.Check check =
              store.check(phoneHash, codeHash(phoneHash, code), now, MAX_WRONG_TRIES);
          if (check != SignInStore.Check.ACCEPTED) {
            throw new UnauthenticatedException(
                "that code is wrong, used or expired; ask for a new code and try again");
          }
          Account account =
              store.residentFor(
                  phoneHash, phone, "u-" + UUID.randomUUID().toString().replace("-", ""), now);
          if (account.disabled()) {
            throw new UnauthenticatedException(
                "this account is disabled; ask the civil-affairs office for help");
          }
          TokenIssuer.Issued t = tokens.issue(account.principal(), sessionTtl);
          return new Session(t.token(), t.expiresAt(), account);
        },
        blocking);
  }

  /**
   * The id of the resident account of {@code phoneText}, made now if there is none: staff posting a
   * need for a resident who has a phone make it theirs, so that signing in with that phone later
   * shows it. 400 for a number that is not a phone.
   */
  public CompletionStage<String> residentIdFor(String phoneText) {
    Phone phone;
    try {
      phone = Phone.parse(phoneText);
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
    return CompletableFuture.supplyAsync(
        () ->
            store
                .residentFor(
                    phoneHash(phone),
                    phone,
                    "u-" + UUID.randomUUID().toString().replace("-", ""),
                    clock.instant())
                .id(),
        blocking);
  }

  /** The keyed hash a phone is found by. */
  private String phoneHash(Phone phone) {
    return keyedHash.apply("phone:" + phone.digits());
  }

  private String codeHash(String phoneHash, String code) {
    return keyedHash.apply("code:" + phoneHash + ":" + code);
  }
}
