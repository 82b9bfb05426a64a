package org.linli.core.accounts;

import java.time.Instant;

/** Signs tokens out on every member (port): api-server's revocation list. Blocking. */
public interface TokenRevoker {
  /** Refuses the token named {@code jti} from now until it would have expired. */
  void revoke(String jti, Instant expiresAt);
}
