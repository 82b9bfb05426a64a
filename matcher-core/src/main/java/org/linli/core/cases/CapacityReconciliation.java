package org.linli.core.cases;

import java.lang.System.Logger.Level;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.linli.core.provider.ProviderStore;

/**
 * Keeps each provider's capacity holds true to the durable case state, for the providers and cases
 * this member is responsible for. An acceptance reserves a unit, then changes the case: a member
 * that dies between the two leaves a hold whose case was never accepted, which {@link #settleStale}
 * gives back once it is older than the grace period (far longer than any acceptance takes). An
 * accepted case whose provider lost its hold (an import replaced the provider) is held again by
 * {@link #adoptAccepted}. Blocking; never run it on an event loop.
 */
public final class CapacityReconciliation {
  private static final System.Logger LOG = System.getLogger(CapacityReconciliation.class.getName());
  private static final int CHUNK = 1_000;

  private final CaseStore cases;
  private final ProviderStore providers;
  private final Clock clock;

  public CapacityReconciliation(CaseStore cases, ProviderStore providers, Clock clock) {
    this.cases = cases;
    this.providers = providers;
    this.clock = clock;
  }

  /**
   * Settles every hold taken at or before {@code cutoffMillis} on this member's providers: kept
   * (one per case) if the case is accepted by that provider, given back otherwise. Answers how many
   * holds changed.
   */
  public int settleStale(long cutoffMillis) {
    int changed = 0;
    for (String providerId : providers.heldSince(cutoffMillis)) {
      Reservations r = providers.reservations(providerId);
      if (r == null) {
        continue;
      }
      for (String caseId : r.staleCases(cutoffMillis)) {
        ReferralCase c = cases.getAll(List.of(caseId)).get(caseId);
        boolean acceptedHere = c != null && acceptedBy(c, providerId);
        if (providers
            .reserve(providerId, ReservationChange.settle(caseId, acceptedHere, cutoffMillis))
            .toCompletableFuture()
            .join()) {
          changed++;
          LOG.log(
              Level.INFO,
              "Gave back capacity that case {0} held on provider {1} ({2})",
              caseId,
              providerId,
              acceptedHere ? "duplicate hold" : "the case was not accepted by it");
        }
      }
    }
    return changed;
  }

  /**
   * Holds a unit for every case this member owns that is accepted and not held. Answers how many it
   * adopted.
   */
  public int adoptAccepted() {
    List<String> accepted = new ArrayList<>(cases.accepted());
    int adopted = 0;
    for (int i = 0; i < accepted.size(); i += CHUNK) {
      Map<String, List<String>> byProvider = new HashMap<>();
      cases
          .getAll(accepted.subList(i, Math.min(accepted.size(), i + CHUNK)))
          .forEach(
              (id, c) -> {
                if (c.status() == CaseStatus.ACCEPTED && c.assigned() != null) {
                  byProvider
                      .computeIfAbsent(c.assigned().providerId(), k -> new ArrayList<>())
                      .add(id);
                }
              });
      for (Map.Entry<String, List<String>> e : byProvider.entrySet()) {
        Reservations r = providers.reservations(e.getKey());
        if (r == null) {
          continue; // the provider was deleted: nothing to hold
        }
        for (String caseId : e.getValue()) {
          boolean held = r.holds().stream().anyMatch(h -> h.caseId().equals(caseId));
          if (!held
              && providers
                  .reserve(e.getKey(), ReservationChange.adopt(caseId, clock.millis()))
                  .toCompletableFuture()
                  .join()) {
            adopted++;
            LOG.log(
                Level.INFO,
                "Provider {0} holds capacity for its accepted case {1} again",
                e.getKey(),
                caseId);
          }
        }
      }
    }
    return adopted;
  }

  private static boolean acceptedBy(ReferralCase c, String providerId) {
    return c.status() == CaseStatus.ACCEPTED
        && c.assigned() != null
        && providerId.equals(c.assigned().providerId());
  }
}
