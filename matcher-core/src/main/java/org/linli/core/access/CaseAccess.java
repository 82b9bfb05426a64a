package org.linli.core.access;

import org.linli.core.Nullable;
import org.linli.core.cases.Candidate;
import org.linli.core.cases.CaseEvent;
import org.linli.core.cases.CaseStatus;
import org.linli.core.cases.ReferralCase;
import org.linli.core.cases.Transition;
import org.linli.core.geo.GeoPoint;

/**
 * Who may see what of a case. A case is visible to its resident (a RESIDENT whose subject it is),
 * to the provider currently offered it or assigned to it (the WORKER whose {@code providerId} it
 * is, or the AGENCY that owns it), to STAFF (inside their region scope, if they have one) and
 * ADMIN; to anyone else it does not exist. The resident's phone is shown only to the assigned
 * provider while the case is open; a sensitive case's location is coarsened for everyone but its
 * resident, STAFF, ADMIN and, after acceptance, the assigned provider. The match decision (every
 * candidate with its score and distance) is for the resident, STAFF and ADMIN only: a provider's
 * distance from the need, with the public locations of the providers, would locate the need. A
 * provider sees the transitions that concern it in full and only the bare event of the others (no
 * other provider, no actor). Stateless.
 */
public final class CaseAccess {
  /** Size of the grid a coarsened location snaps to: 0.01° (about 1.1 km north-south). */
  public static final double COARSE_DEGREES = 0.01;

  private CaseAccess() {}

  public static boolean canSee(Principal p, ReferralCase c) {
    return staffSees(p, c)
        || p.has(Role.ADMIN)
        || isResident(p, c)
        || actsFor(p, c.offered())
        || actsFor(p, c.assigned());
  }

  /**
   * Whether {@code p} is STAFF whose region scope holds the case: every case for STAFF without a
   * scope; for a scoped STAFF, the cases whose need lay in one of its regions.
   */
  public static boolean staffSees(Principal p, ReferralCase c) {
    return p.has(Role.STAFF) && p.scopeCovers(c.regionIds());
  }

  /** Whether {@code p} is the case's resident: a RESIDENT (not any role) whose subject it is. */
  public static boolean isResident(Principal p, ReferralCase c) {
    return !p.isAnonymous() && p.has(Role.RESIDENT) && c.residentId().equals(p.subject());
  }

  /** Whether {@code p} sees the match decision: the candidates, their scores and distances. */
  public static boolean seesDecision(Principal p, ReferralCase c) {
    return staffSees(p, c) || p.has(Role.ADMIN) || isResident(p, c);
  }

  /**
   * Whether transition {@code t} concerns {@code p}: the resident's every transition, a provider's
   * those about itself (a WORKER's own provider, an AGENCY's providers among the candidates).
   */
  public static boolean concerns(Principal p, ReferralCase c, Transition t) {
    if (t.event() == CaseEvent.NOTED) { // notes are the service's own, not the resident's
      return seesStepNote(p, c, t);
    }
    if (isResident(p, c)) {
      return true;
    }
    if (t.providerId() == null || p.isAnonymous()) {
      return false;
    }
    Candidate x = providerOf(c, t.providerId());
    if (x != null) {
      return actsFor(p, x);
    }
    return p.has(Role.WORKER) && t.providerId().equals(p.providerId());
  }

  /**
   * The case's candidate {@code providerId}, or the provider it was reassigned to (not among the
   * candidates); null when neither.
   */
  private static @Nullable Candidate providerOf(ReferralCase c, String providerId) {
    for (Candidate x : c.candidates()) {
      if (x.providerId().equals(providerId)) {
        return x;
      }
    }
    Candidate a = c.assigned();
    return a != null && a.providerId().equals(providerId) ? a : null;
  }

  /** Whether {@code p} sees who made transition {@code t} and which provider it names. */
  public static boolean seesTransitionDetail(Principal p, ReferralCase c, Transition t) {
    return seesDecision(p, c) || concerns(p, c, t);
  }

  /**
   * Whether {@code p} sees the note and minutes a provider gave with step {@code t}: STAFF who see
   * the case, ADMIN, and whoever speaks for the provider of the step; not the resident (a decline's
   * reasons and a worker's notes are the service's own).
   */
  public static boolean seesStepNote(Principal p, ReferralCase c, Transition t) {
    if (staffSees(p, c) || p.has(Role.ADMIN)) {
      return true;
    }
    String provider = t.providerId();
    return provider != null && actsFor(p, providerOf(c, provider));
  }

  /** Whether {@code p} speaks for {@code candidate}: its own WORKER, or the AGENCY that owns it. */
  public static boolean actsFor(Principal p, @Nullable Candidate candidate) {
    if (candidate == null || p.isAnonymous()) {
      return false;
    }
    return (p.has(Role.WORKER) && candidate.providerId().equals(p.providerId()))
        || (p.has(Role.AGENCY)
            && p.agencyId() != null
            && p.agencyId().equals(candidate.agencyId()));
  }

  public static boolean seesPhone(Principal p, ReferralCase c) {
    return c.status() == CaseStatus.ACCEPTED && actsFor(p, c.assigned());
  }

  public static boolean seesExactLocation(Principal p, ReferralCase c) {
    if (!c.need().sensitive() || isResident(p, c) || staffSees(p, c) || p.has(Role.ADMIN)) {
      return true;
    }
    return c.assigned() != null && actsFor(p, c.assigned());
  }

  /** {@code 13812345678} → {@code 138****5678}: the first three and last four digits stay. */
  public static @Nullable String maskPhone(@Nullable String phone) {
    if (phone == null) {
      return null;
    }
    String digits = phone.replaceAll("[^0-9]", "");
    if (digits.length() < 8) {
      return "****" + digits.substring(Math.max(0, digits.length() - 2));
    }
    return digits.substring(0, 3) + "****" + digits.substring(digits.length() - 4);
  }

  /**
   * The centre of the {@value #COARSE_DEGREES}° cell holding {@code p}: within about 800 m of it.
   */
  public static GeoPoint coarsen(GeoPoint p) {
    double lat = Math.floor(p.lat() / COARSE_DEGREES) * COARSE_DEGREES + COARSE_DEGREES / 2;
    double lon = Math.floor(p.lon() / COARSE_DEGREES) * COARSE_DEGREES + COARSE_DEGREES / 2;
    return new GeoPoint(Math.min(90, Math.max(-90, lat)), lon >= 180 ? lon - 360 : lon);
  }
}
