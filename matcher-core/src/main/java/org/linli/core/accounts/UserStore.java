package org.linli.core.accounts;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.linli.core.Nullable;
import org.linli.core.access.Role;

/**
 * Where accounts with a username and password live, with their failed sign-ins and the sessions
 * issued to every account (port). Usernames arrive normalised (lower case); failed sign-ins are
 * kept by a keyed hash of the name tried, whether or not an account has it. Each method is one
 * transaction; blocking.
 */
public interface UserStore {
  /** An account's password hash, as a sign-in checks it. */
  record Credentials(Account account, String passwordHash) {}

  /** A token issued to an account, until it expires. */
  record SessionRef(String jti, Instant expiresAt) {}

  /** The account signing in as {@code username}, with its password hash, if there is one. */
  Optional<Credentials> credentials(String username);

  /** When the sign-ins failed under {@code nameHash} since {@code since}, oldest first. */
  List<Instant> failures(String nameHash, Instant since);

  /** Records a failed sign-in under {@code nameHash}. */
  void recordFailure(String nameHash, Instant at);

  /** Forgets the failed sign-ins under {@code nameHash} (after a successful one). */
  void clearFailures(String nameHash);

  /**
   * Creates {@code user}'s account with {@code passwordHash}; false when its username is taken
   * (nothing written).
   */
  boolean create(User user, String passwordHash);

  /** The account {@code id}, if there is one (residents' included). */
  Optional<User> user(String id);

  /** The accounts with a username, of {@code agencyId}'s only when it is not null, by username. */
  List<User> users(@Nullable String agencyId);

  /**
   * Changes an account's roles, whether it is disabled and (when not null) its password hash; false
   * when there is no such account.
   */
  boolean update(String id, Set<Role> roles, boolean disabled, @Nullable String passwordHash);

  /** Deletes an account; false when there was none. */
  boolean delete(String id);

  /** Remembers that token {@code jti} was issued to {@code accountId}, until it expires. */
  void recordSession(String accountId, String jti, Instant expiresAt);

  /** The tokens issued to {@code accountId} that have not expired at {@code now}. */
  List<SessionRef> sessions(String accountId, Instant now);
}
