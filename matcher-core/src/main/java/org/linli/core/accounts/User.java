package org.linli.core.accounts;

import java.time.Instant;
import org.linli.core.Nullable;

/**
 * An account as those who manage accounts see it.
 *
 * @param username the sign-in name (lower case); null for a resident who signs in by phone
 * @param phone where that person's notifications go, if anywhere (kept sealed at rest)
 */
public record User(
    Account account, @Nullable String username, @Nullable Phone phone, Instant createdAt) {}
