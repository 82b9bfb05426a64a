package org.linli.core.accounts;

import java.time.Duration;
import java.time.Instant;
import org.linli.core.access.Principal;

/** Mints signed bearer tokens (port): api-server's JWT signer. */
public interface TokenIssuer {
  /** A token for {@code p}, and when it expires. */
  record Issued(String token, Instant expiresAt) {}

  Issued issue(Principal p, Duration ttl);
}
