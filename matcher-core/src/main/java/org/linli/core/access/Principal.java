package org.linli.core.access;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.linli.core.Nullable;

/**
 * Who is calling: the token's subject, roles and the ids that tie a WORKER to its provider record
 * and an AGENCY or WORKER to its agency. {@link #ANONYMOUS} has no roles. Immutable.
 *
 * @param subject the {@code sub} claim; null only for {@link #ANONYMOUS}
 * @param roles the {@code roles} claim
 * @param agencyId the {@code agencyId} claim (AGENCY, WORKER), or null
 * @param providerId the {@code providerId} claim (WORKER), or null
 * @param regionScope the {@code regionScope} claim: for STAFF, the adcodes of the regions they see
 *     and act in; empty for everyone else and for STAFF of every region
 */
public record Principal(
    @Nullable String subject,
    Set<Role> roles,
    @Nullable String agencyId,
    @Nullable String providerId,
    List<String> regionScope) {
  /** A caller without a token. */
  public static final Principal ANONYMOUS = new Principal(null, Set.of(), null, null);

  public Principal {
    roles = roles.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(roles));
    regionScope = List.copyOf(regionScope);
  }

  /** A caller without a region scope. */
  public Principal(
      @Nullable String subject,
      Set<Role> roles,
      @Nullable String agencyId,
      @Nullable String providerId) {
    this(subject, roles, agencyId, providerId, List.of());
  }

  /**
   * Whether this caller's region scope lets it see something in {@code regionIds} (the loaded
   * regions around it, every level): always when it has no scope; else when one of them is in scope
   * ({@link RegionScope#coversAny}).
   */
  public boolean scopeCovers(java.util.Collection<String> regionIds) {
    return regionScope.isEmpty() || RegionScope.coversAny(regionScope, regionIds);
  }

  public boolean has(Role role) {
    return roles.contains(role);
  }

  public boolean isAnonymous() {
    return subject == null;
  }

  /**
   * The subject of a caller the rules have already found not to be anonymous.
   *
   * @throws IllegalStateException for {@link #ANONYMOUS}: a rule let it through
   */
  public String requireSubject() {
    if (subject == null) {
      throw new IllegalStateException("an anonymous caller got past the access rules");
    }
    return subject;
  }
}
