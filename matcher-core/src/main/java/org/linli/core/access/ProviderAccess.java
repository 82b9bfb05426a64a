package org.linli.core.access;

import java.util.Objects;
import org.linli.core.error.ForbiddenException;
import org.linli.core.error.UnauthenticatedException;

/** Who may change provider records: ADMIN, or an AGENCY for providers of its own {@code agencyId}. */
public final class ProviderAccess {
  private ProviderAccess() {}

  /** Checks that {@code caller} may write some providers at all (before the request is even read). */
  public static void requireWriter(Principal caller) {
    requireWrite(caller, false, null, false, null);
  }

  /**
   * Checks that {@code caller} may write a provider whose stored record (if any) belongs to {@code storedAgencyId}
   * and whose new record (if any) belongs to {@code newAgencyId}. An agency can neither take over another's
   * provider nor hand one of its own to another agency.
   *
   * @param exists whether a stored record exists (then {@code storedAgencyId} is its agency, possibly null)
   * @throws UnauthenticatedException for an anonymous caller
   * @throws ForbiddenException for a caller without the right
   */
  public static void requireWrite(Principal caller, boolean exists, String storedAgencyId, boolean replacing,
      String newAgencyId) {
    if (caller.isAnonymous()) {
      throw new UnauthenticatedException("changing providers needs a bearer token (ADMIN, or AGENCY for its own)");
    }
    if (caller.has(Role.ADMIN)) {
      return;
    }
    if (!caller.has(Role.AGENCY) || caller.agencyId() == null) {
      throw new ForbiddenException("only ADMIN, or an AGENCY for its own providers, may change providers");
    }
    if (exists && !Objects.equals(storedAgencyId, caller.agencyId())) {
      throw new ForbiddenException("this provider belongs to another agency");
    }
    if (replacing && !Objects.equals(newAgencyId, caller.agencyId())) {
      throw new ForbiddenException("an AGENCY may only write providers with agencyId \"" + caller.agencyId() + "\"");
    }
  }
}
