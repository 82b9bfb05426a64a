package org.linli.core.accounts;

import java.util.List;
import java.util.Set;
import org.linli.core.Nullable;
import org.linli.core.access.Principal;
import org.linli.core.access.Role;

/**
 * A person who signs in. {@code id} is opaque ({@code u-…}), never the phone or the username; the
 * roles and ids are what a token for them carries.
 *
 * @param regionScope for STAFF, the adcodes of the regions they may see and act in (empty: all)
 */
public record Account(
    String id,
    Set<Role> roles,
    @Nullable String agencyId,
    @Nullable String providerId,
    List<String> regionScope,
    boolean disabled) {
  public Account {
    roles = Set.copyOf(roles);
    regionScope = List.copyOf(regionScope);
  }

  /** A resident's account, as the first sign-in with a phone makes it. */
  public static Account resident(String id) {
    return new Account(id, Set.of(Role.RESIDENT), null, null, List.of(), false);
  }

  /** Who this account is when it calls. */
  public Principal principal() {
    return new Principal(id, roles, agencyId, providerId, regionScope);
  }
}
