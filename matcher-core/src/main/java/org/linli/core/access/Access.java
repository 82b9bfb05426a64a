package org.linli.core.access;

import java.util.Objects;
import org.linli.core.Nullable;
import org.linli.core.cases.CaseStatus;
import org.linli.core.cases.ReferralCase;
import org.linli.core.error.ConflictException;
import org.linli.core.error.ForbiddenException;
import org.linli.core.error.NotFoundException;
import org.linli.core.error.UnauthenticatedException;

/**
 * Who may do what, in one place: every route's "may this caller do this" goes through a method
 * here. Each {@code require…} answers normally or throws {@link UnauthenticatedException} (401: the
 * anonymous caller, who may present a token) or {@link ForbiddenException} (403: a caller whose
 * token does not allow it). What a caller may see of a case it may see is {@link CaseAccess}'s; a
 * case it may not see does not exist for it (404), which {@link org.linli.core.cases.CaseRules}
 * applies. Stateless.
 */
public final class Access {
  private Access() {}

  /** Any signed-in caller; {@code refusal} says what needs which token. */
  public static void requireSignedIn(Principal caller, String refusal) {
    if (caller.isAnonymous()) {
      throw new UnauthenticatedException(refusal);
    }
  }

  /** Posting a need: a RESIDENT. */
  public static void requireMayPostNeed(Principal caller) {
    if (caller.isAnonymous()) {
      throw new UnauthenticatedException("posting a need needs a RESIDENT's bearer token");
    }
    if (!caller.has(Role.RESIDENT) && !caller.has(Role.STAFF)) {
      throw new ForbiddenException(
          "only a RESIDENT may post a need (or STAFF on behalf of a resident)");
    }
  }

  /** Whose cases an inbox lists: an agency's providers', or one provider's. */
  public record Inbox(@Nullable String agencyId, @Nullable String providerId) {}

  /**
   * The inbox: an AGENCY (with an {@code agencyId}) sees its providers' cases, a WORKER (with a
   * {@code providerId}) its own; a WORKER may not ask for another provider's ({@code providerId},
   * when given).
   */
  public static Inbox inbox(Principal caller, @Nullable String providerId) {
    if (caller.has(Role.AGENCY) && caller.agencyId() != null) {
      return new Inbox(caller.agencyId(), null);
    }
    if (caller.has(Role.WORKER) && caller.providerId() != null) {
      if (providerId != null && !providerId.equals(caller.providerId())) {
        throw new ForbiddenException(
            "a WORKER's inbox is its own provider's (" + caller.providerId() + ")");
      }
      return new Inbox(null, caller.providerId());
    }
    if (caller.isAnonymous()) {
      throw new UnauthenticatedException("the inbox needs an AGENCY's or WORKER's bearer token");
    }
    throw new ForbiddenException("the inbox is for an AGENCY (its providers) or a WORKER (itself)");
  }

  /** Rating a case the caller sees: only its resident, and only once it is COMPLETED (else 409). */
  public static void requireMayRate(Principal caller, ReferralCase c) {
    if (!CaseAccess.isResident(caller, c)) {
      throw new ForbiddenException("only the case's resident may rate it");
    }
    if (c.status() != CaseStatus.COMPLETED) {
      throw new ConflictException(
          "the case is " + c.status() + "; only a COMPLETED case can be rated");
    }
  }

  /** Verifying or exporting the feedback ledger ({@code what}): STAFF and ADMIN. */
  public static void requireLedgerAuditor(Principal caller, String what) {
    if (caller.isAnonymous()) {
      throw new UnauthenticatedException("the ledger needs a STAFF or ADMIN bearer token");
    }
    if (!caller.has(Role.STAFF) && !caller.has(Role.ADMIN)) {
      throw new ForbiddenException("only STAFF and ADMIN may " + what + " the feedback ledger");
    }
  }

  /**
   * Exporting the feedback ledger: as auditing it, but not for STAFF held to a region scope, since
   * the export holds every region's feedback (such staff may still verify the chain).
   */
  public static void requireLedgerExporter(Principal caller) {
    requireLedgerAuditor(caller, "export");
    if (!caller.has(Role.ADMIN) && !caller.regionScope().isEmpty()) {
      throw new ForbiddenException(
          "the ledger export holds every region's feedback; a STAFF account with a region scope"
              + " may verify the chain but not export it");
    }
  }

  /**
   * Exporting the whole directory as Open Referral HSDS: ADMIN, and STAFF without a region scope
   * (the export holds every region's providers with their capacity and status).
   */
  public static void requireDirectoryExporter(Principal caller) {
    if (caller.isAnonymous()) {
      throw new UnauthenticatedException("exporting the directory needs a STAFF or ADMIN token");
    }
    if (!caller.has(Role.ADMIN) && !(caller.has(Role.STAFF) && caller.regionScope().isEmpty())) {
      throw new ForbiddenException(
          "only ADMIN, or STAFF without a region scope, may export the whole directory");
    }
  }

  /** Importing a directory (Open Referral HSDS): ADMIN, since it may replace any provider. */
  public static void requireDirectoryImporter(Principal caller) {
    if (caller.isAnonymous()) {
      throw new UnauthenticatedException("importing a directory needs an ADMIN bearer token");
    }
    if (!caller.has(Role.ADMIN)) {
      throw new ForbiddenException("only ADMIN may import a directory");
    }
  }

  /** Registering and maintaining agencies' records: STAFF and ADMIN. */
  public static void requireAgencyRegistrar(Principal caller) {
    if (caller.isAnonymous()) {
      throw new UnauthenticatedException("registering an agency needs a STAFF or ADMIN token");
    }
    if (!caller.has(Role.STAFF) && !caller.has(Role.ADMIN)) {
      throw new ForbiddenException("only civil-affairs STAFF or ADMIN register agencies");
    }
  }

  /** An agency's address and phone: the agency itself, STAFF and ADMIN. */
  public static void requireAgencyContactEditor(Principal caller, String agencyId) {
    if (caller.isAnonymous()) {
      throw new UnauthenticatedException("changing an agency's contact needs a bearer token");
    }
    boolean own = caller.has(Role.AGENCY) && agencyId.equals(caller.agencyId());
    if (!own && !caller.has(Role.STAFF) && !caller.has(Role.ADMIN)) {
      throw new ForbiddenException("an agency may change only its own address and phone");
    }
  }

  /** An agency's record: STAFF, ADMIN, and the agency's own AGENCY and WORKER accounts. */
  public static void requireAgencyReader(Principal caller, String agencyId) {
    if (caller.isAnonymous()) {
      throw new UnauthenticatedException(
          "an agency's record needs a bearer token; GET /api/v1/public/agencies is open to all");
    }
    boolean own =
        (caller.has(Role.AGENCY) || caller.has(Role.WORKER)) && agencyId.equals(caller.agencyId());
    if (!own && !caller.has(Role.STAFF) && !caller.has(Role.ADMIN)) {
      throw new NotFoundException("agency " + agencyId);
    }
  }

  /** Staff queues of cases (by status, escalated, region, age): STAFF and ADMIN. */
  public static void requireQueueReader(Principal caller) {
    if (caller.isAnonymous()) {
      throw new UnauthenticatedException("the case queues need a STAFF or ADMIN bearer token");
    }
    if (!caller.has(Role.STAFF) && !caller.has(Role.ADMIN)) {
      throw new ForbiddenException("the case queues are for STAFF and ADMIN");
    }
  }

  /** Coverage maps and service gaps: STAFF and ADMIN. */
  public static void requireCoverageReader(Principal caller) {
    if (caller.isAnonymous()) {
      throw new UnauthenticatedException("coverage maps need a STAFF or ADMIN bearer token");
    }
    if (!caller.has(Role.STAFF) && !caller.has(Role.ADMIN)) {
      throw new ForbiddenException("coverage maps are for STAFF and ADMIN");
    }
  }

  /** Importing regions and population figures: ADMIN. */
  public static void requireRegionAdmin(Principal caller) {
    if (caller.isAnonymous()) {
      throw new UnauthenticatedException("importing regions needs an ADMIN bearer token");
    }
    if (!caller.has(Role.ADMIN)) {
      throw new ForbiddenException("only ADMIN may import regions");
    }
  }

  /** Metrics on the public port: ADMIN (scrapers without a token use the loopback metrics port). */
  public static void requireMetricsReader(Principal caller) {
    if (caller.isAnonymous()) {
      throw new UnauthenticatedException(
          "metrics need an ADMIN bearer token here; scrapers without one read them"
              + " from LINLI_METRICS_PORT on loopback");
    }
    if (!caller.has(Role.ADMIN)) {
      throw new ForbiddenException("metrics are for ADMIN");
    }
  }

  /** An agency's roster (its providers with their capacity): that AGENCY and ADMIN. */
  public static void requireRosterReader(Principal caller, String agencyId) {
    if (caller.isAnonymous()) {
      throw new UnauthenticatedException("the roster needs a bearer token");
    }
    if (!caller.has(Role.ADMIN)
        && !(caller.has(Role.AGENCY) && agencyId.equals(caller.agencyId()))) {
      throw new ForbiddenException("an agency's roster is for that AGENCY and ADMIN");
    }
  }

  /**
   * Whether {@code caller} may write some providers at all (checked before the request is even
   * read).
   */
  public static void requireProviderWriter(Principal caller) {
    requireProviderWrite(caller, false, null, false, null);
  }

  /**
   * Writing a provider: ADMIN, or an AGENCY for providers of its own {@code agencyId}. The stored
   * record (if any) belongs to {@code storedAgencyId}; the new record (if any) to {@code
   * newAgencyId}. An agency can neither take over another's provider nor hand one of its own to
   * another agency.
   *
   * @param exists whether a stored record exists (then {@code storedAgencyId} is its agency,
   *     possibly null)
   * @param replacing whether a new record replaces it (then {@code newAgencyId} is its agency)
   */
  public static void requireProviderWrite(
      Principal caller,
      boolean exists,
      @Nullable String storedAgencyId,
      boolean replacing,
      @Nullable String newAgencyId) {
    if (caller.isAnonymous()) {
      throw new UnauthenticatedException(
          "changing providers needs a bearer token (ADMIN, or AGENCY for its own)");
    }
    if (caller.has(Role.ADMIN)) {
      return;
    }
    if (!caller.has(Role.AGENCY) || caller.agencyId() == null) {
      throw new ForbiddenException(
          "only ADMIN, or an AGENCY for its own providers, may change providers");
    }
    if (exists && !Objects.equals(storedAgencyId, caller.agencyId())) {
      throw new ForbiddenException("this provider belongs to another agency");
    }
    if (replacing && !Objects.equals(newAgencyId, caller.agencyId())) {
      throw new ForbiddenException(
          "an AGENCY may only write providers with agencyId \"" + caller.agencyId() + "\"");
    }
  }
}
