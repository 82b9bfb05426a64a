package org.linli.core.match;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import org.linli.core.geo.GeoPoint;
import org.linli.core.provider.Provider;
import org.linli.core.provider.ProviderStatus;
import org.linli.core.service.ServiceCard;
import org.linli.core.service.ServiceRules;

/**
 * The eligibility rules of the public contract, in one place, and the brute-force answer they
 * define. Indexes implement the same rules in faster forms and are tested against {@link
 * #bruteForce}. Stateless, thread-safe.
 *
 * <p>A provider is eligible for a request when all hold: it is ACTIVE; its kind is requested; it
 * offers every requested skill; it speaks one of the requested languages (when any are given); it
 * has spare capacity; its distance to the need is at most the request radius; and the need lies in
 * its service area (the polygon when present, else the circle of its service radius); and its
 * service details pass the request's service rules ({@link ServiceRules}).
 */
public final class Eligibility {
  private Eligibility() {}

  /**
   * Whether {@code p} can take a case at all: ACTIVE, with spare capacity. Every match needs this.
   */
  public static boolean isMatchable(Provider p) {
    return p.status() == ProviderStatus.ACTIVE && p.activeCases() < p.capacity();
  }

  /** Whether {@code p} is eligible for {@code r}, no agency being registered. */
  public static boolean isEligible(Provider p, MatchRequest r) {
    return isEligible(p, r, AgencyStandings.NONE);
  }

  /**
   * Whether {@code p} is eligible for {@code r}: the rules above, and its agency (if registered) is
   * not REVOKED.
   */
  public static boolean isEligible(Provider p, MatchRequest r, AgencyStandings agencies) {
    if (!agencies.mayServe(p.agencyId())) {
      return false;
    }
    if (!isMatchable(p) || !r.kinds().contains(p.kind()) || !p.skills().containsAll(r.skills())) {
      return false;
    }
    if (!r.languages().isEmpty() && r.languages().stream().noneMatch(p.languages()::contains)) {
      return false;
    }
    if (!r.service().isEmpty() && !ServiceRules.admits(p.details(), r.service())) {
      return false;
    }
    GeoPoint need = r.location();
    double d = p.location().distanceMeters(need);
    if (d > r.radiusMeters()) {
      return false;
    }
    return p.serviceArea() != null
        ? p.serviceArea().contains(need.lat(), need.lon())
        : d <= p.circleRadiusMeters();
  }

  /** Whether {@code p}'s own service area (its polygon, else its circle) covers {@code at}. */
  public static boolean covers(Provider p, GeoPoint at) {
    return p.serviceArea() != null
        ? p.serviceArea().contains(at.lat(), at.lon())
        : p.location().distanceMeters(at) <= p.circleRadiusMeters();
  }

  /**
   * The exact answer for {@link SortOrder#DISTANCE}: every eligible provider by ascending distance,
   * ties by id, cut to the request limit; {@code total} is the exact count, capped at {@link
   * MatchResult#TOTAL_CAP}. Scores are reported as 0 and explanations are omitted: this is the
   * order oracle, not a ranker.
   */
  public static MatchResult bruteForce(Collection<Provider> providers, MatchRequest r) {
    return bruteForce(providers, r, AgencyStandings.NONE);
  }

  /** As {@link #bruteForce(Collection, MatchRequest)}, with the agencies' standings. */
  public static MatchResult bruteForce(
      Collection<Provider> providers, MatchRequest r, AgencyStandings agencies) {
    record Hit(Provider p, double d) {}
    List<Hit> hits = new ArrayList<>();
    for (Provider p : providers) {
      if (isEligible(p, r, agencies)) {
        hits.add(new Hit(p, p.location().distanceMeters(r.location())));
      }
    }
    hits.sort(Comparator.comparingDouble(Hit::d).thenComparing(h -> h.p().id()));
    List<Match> matches = new ArrayList<>();
    for (Hit h : hits.subList(0, Math.min(r.limit(), hits.size()))) {
      matches.add(
          new Match(
              h.p().id(),
              h.p().kind(),
              h.p().name(),
              h.d(),
              0,
              h.p().rating(),
              null,
              h.p().skills(),
              ServiceCard.of(h.p().details()),
              agencies.verified(h.p().agencyId())));
    }
    int total = Math.min(hits.size(), MatchResult.TOTAL_CAP);
    return new MatchResult(matches, total, hits.size() > MatchResult.TOTAL_CAP);
  }
}
