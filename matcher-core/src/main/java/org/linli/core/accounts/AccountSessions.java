package org.linli.core.accounts;

import java.time.Clock;
import java.time.Duration;
import org.linli.core.access.Principal;

/**
 * The tokens issued to accounts: each one is remembered against its account as it is issued, so
 * that disabling, deleting or changing an account signs out every session it has, on every member.
 * Blocking; thread-safe.
 */
public final class AccountSessions implements TokenIssuer {
  private final TokenIssuer signer;
  private final UserStore store;
  private final TokenRevoker revoker;
  private final Clock clock;

  public AccountSessions(TokenIssuer signer, UserStore store, TokenRevoker revoker, Clock clock) {
    this.signer = signer;
    this.store = store;
    this.revoker = revoker;
    this.clock = clock;
  }

  /** A token for account {@code p.subject()}, remembered until it expires. */
  @Override
  public Issued issue(Principal p, Duration ttl) {
    Issued t = signer.issue(p, ttl);
    store.recordSession(p.requireSubject(), t.jti(), t.expiresAt());
    return t;
  }

  /** Signs out every session of {@code accountId} that has not expired; answers how many. */
  public int revokeAll(String accountId) {
    int n = 0;
    for (UserStore.SessionRef s : store.sessions(accountId, clock.instant())) {
      revoker.revoke(s.jti(), s.expiresAt());
      n++;
    }
    return n;
  }
}
