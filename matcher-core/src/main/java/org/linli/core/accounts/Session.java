package org.linli.core.accounts;

import java.time.Instant;

/** A signed-in session: the bearer token, when it expires, and whose it is. */
public record Session(String token, Instant expiresAt, Account account) {}
