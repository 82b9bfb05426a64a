package org.linli.core.accounts;

import java.time.Duration;
import java.time.Instant;
import org.linli.core.access.Principal;

/** Mints signed bearer tokens (port): api-server's JWT signer. */
public interface TokenIssuer {
  /** A token for {@code p}, when it expires, and its {@code jti} (what revokes it). */
  record Issued(String token, Instant expiresAt, String jti) {}

  Issued issue(Principal p, Duration ttl);
}
