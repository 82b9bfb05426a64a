package org.linli.core.match;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.linli.core.service.ResidentProfile;
import org.linli.core.service.ServiceCard;
import org.linli.core.service.Unmet;

/**
 * The providers a resident's own situation rules out: eligible in every other way (place, skill,
 * kind, language, hours, cost, access) but with a criterion the resident does not meet, nearest
 * first, each with the criteria it fails. Answered with {@code explain} when the request has a
 * {@code resident} profile, so that a resident learns why the nearest service is not for them.
 * Stateless.
 */
public final class NearMisses {
  /** How many near-misses an answer lists at most. */
  public static final int MAX = 3;

  /** One provider ruled out by the resident's situation alone. */
  public record NearMiss(Match match, List<Unmet> fails) {}

  private NearMisses() {}

  /**
   * The near-misses of {@code r}, whose answer was {@code answered}; empty unless it asks for an
   * explanation with a resident profile.
   */
  public static List<NearMiss> of(ProviderIndex index, MatchRequest r, MatchResult answered) {
    ResidentProfile resident = r.service().resident();
    if (!r.explain() || resident == null) {
      return List.of();
    }
    Set<String> listed = new HashSet<>();
    answered.matches().forEach(m -> listed.add(m.providerId()));
    // The nearest without the resident's rules: those not in the answer that fail them. Enough are
    // asked for that the answer's own providers cannot crowd the near-misses out.
    MatchRequest without =
        r.withService(r.service().withoutResident())
            .withLimit(
                Math.min(MatchRequest.MAX_LIMIT, answered.matches().size() + MAX * 4),
                SortOrder.DISTANCE);
    List<NearMiss> out = new ArrayList<>();
    for (Match m : index.match(without).matches()) {
      ServiceCard card = m.card();
      if (listed.contains(m.providerId()) || card == null) {
        continue;
      }
      List<Unmet> fails = card.unmetBy(resident);
      if (!fails.isEmpty()) {
        out.add(new NearMiss(m, fails));
        if (out.size() == MAX) {
          break;
        }
      }
    }
    return out;
  }
}
