package org.linli.server.cluster;

import java.io.Serializable;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.linli.core.access.Principal;
import org.linli.core.access.Role;

/**
 * A {@link Principal} in a form that travels with an entry processor to the member that owns the
 * key.
 */
record CallerRef(
    String subject, String[] roles, String agencyId, String providerId, String[] regionScope)
    implements Serializable {
  static CallerRef of(Principal p) {
    return new CallerRef(
        p.subject(),
        p.roles().stream().map(Role::name).toArray(String[]::new),
        p.agencyId(),
        p.providerId(),
        p.regionScope().toArray(String[]::new));
  }

  Principal principal() {
    if (subject == null) {
      return Principal.ANONYMOUS;
    }
    Set<Role> set =
        roles.length == 0
            ? Set.of()
            : Arrays.stream(roles)
                .map(Role::valueOf)
                .collect(Collectors.toCollection(() -> EnumSet.noneOf(Role.class)));
    return new Principal(
        subject,
        set,
        agencyId,
        providerId,
        regionScope == null ? List.of() : Arrays.asList(regionScope));
  }
}
