package org.linli.core.accounts;

import java.time.Instant;
import java.util.Optional;
import org.linli.core.Nullable;

/**
 * Where residents' accounts and their one-time codes live (port). Phones arrive in clear and are
 * kept sealed, found by {@code phoneHash} (a keyed hash). Each method is one transaction; blocking.
 */
public interface SignInStore {
  /** How many codes were issued for a phone since a time, and when the first and last were. */
  record Issued(int count, @Nullable Instant first, @Nullable Instant last) {}

  /** The codes issued for {@code phoneHash} since {@code since}. */
  Issued issued(String phoneHash, Instant since);

  /**
   * Issues a code for {@code phoneHash} (replacing any it had) and puts {@code message} (which
   * carries the code) in the outbox, in one transaction.
   */
  void issue(
      String phoneHash, String codeHash, Instant issuedAt, Instant expiresAt, Message message);

  /** What checking a code found. */
  enum Check {
    /** The code was right, unused and in time; it is now used up. */
    ACCEPTED,
    /** A code is active but this is not it; one more wrong try counted (the fifth voids it). */
    WRONG,
    /** No code is active: none issued, used, expired or voided. */
    NONE
  }

  /** Checks {@code codeHash} against the active code of {@code phoneHash}, atomically. */
  Check check(String phoneHash, String codeHash, Instant now, int maxWrongTries);

  /** The account signed in with {@code phoneHash}, if there is one. */
  Optional<Account> byPhone(String phoneHash);

  /**
   * The account of {@code phoneHash}: the one there is, or a new resident's with {@code newId} (the
   * phone kept sealed), whichever wins a race between two first sign-ins.
   */
  Account residentFor(String phoneHash, Phone phone, String newId, Instant now);

  /** The account of {@code id}, if there is one. */
  Optional<Account> byId(String id);

  /** The phone an account signs in with, if it has one. */
  Optional<Phone> phoneOf(String accountId);
}
