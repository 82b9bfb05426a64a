package org.linli.server.cases;

import com.fasterxml.jackson.databind.JsonNode;
import com.hazelcast.core.HazelcastJsonValue;
import com.hazelcast.map.IMap;
import com.hazelcast.query.Predicates;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.linli.core.cases.CaseStatus;
import org.linli.core.cases.Reservations;
import org.linli.server.cluster.CapacityChange;
import org.linli.server.json.Json;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.linli.server.util.Daemons;

/**
 * Keeps each provider's capacity holds true to the durable case state, for the providers and cases this member
 * owns. An acceptance reserves a unit, then changes the case: a member that dies between the two leaves a hold
 * whose case was never accepted, which {@link #settleStale} gives back once it is older than the grace period
 * (far longer than any acceptance takes). An accepted case whose provider lost its hold (an import replaced the
 * provider) is held again by {@link #adoptAccepted}. Both run on their own thread, never on the event loop.
 */
public final class CapacityReconciler implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(CapacityReconciler.class);
  private static final int CHUNK = 1_000;

  private final IMap<String, HazelcastJsonValue> cases;
  private final IMap<String, HazelcastJsonValue> providers;
  private final Clock clock;
  private final Duration grace;
  private final ScheduledExecutorService timer = Daemons.scheduler("linli-capacity-reconciler");

  /** @param grace how old a hold must be before it is settled against its case */
  public CapacityReconciler(IMap<String, HazelcastJsonValue> cases, IMap<String, HazelcastJsonValue> providers,
      Clock clock, Duration grace) {
    this.cases = cases;
    this.providers = providers;
    this.clock = clock;
    this.grace = grace;
  }

  /** Adopts now and every {@code adoptEvery}; settles every {@code settleEvery}. */
  public CapacityReconciler start(Duration settleEvery, Duration adoptEvery) {
    timer.scheduleWithFixedDelay(() -> guarded("adopting accepted cases", this::adoptAccepted), 0,
        adoptEvery.toMillis(), TimeUnit.MILLISECONDS);
    timer.scheduleWithFixedDelay(() -> guarded("settling stale holds",
        () -> settleStale(clock.millis() - grace.toMillis())), settleEvery.toMillis(), settleEvery.toMillis(),
        TimeUnit.MILLISECONDS);
    return this;
  }

  private static void guarded(String what, Runnable r) {
    try {
      r.run();
    } catch (RuntimeException e) {
      LOG.warn("Capacity reconciliation failed while {} (retried next round): {}", what, e.toString());
    }
  }

  /**
   * Settles every hold taken at or before {@code cutoffMillis} on this member's providers: kept (one per case)
   * if the case is accepted by that provider, given back otherwise. Answers how many providers changed.
   */
  public int settleStale(long cutoffMillis) {
    int changed = 0;
    Set<String> ids = providers.localKeySet(Predicates.lessEqual(CapacityChange.HOLDS + "[any].at", cutoffMillis));
    for (String providerId : ids) {
      HazelcastJsonValue doc = providers.get(providerId);
      if (doc == null) {
        continue;
      }
      Reservations r = CapacityChange.read(parse(doc));
      for (String caseId : r.staleCases(cutoffMillis)) {
        HazelcastJsonValue c = cases.get(caseId);
        boolean acceptedHere = c != null && acceptedBy(parse(c), providerId);
        if (providers.executeOnKey(providerId, CapacityChange.settle(caseId, acceptedHere, cutoffMillis))) {
          changed++;
          LOG.info("Gave back capacity that case {} held on provider {} ({})", caseId, providerId,
              acceptedHere ? "duplicate hold" : "the case was not accepted by it");
        }
      }
    }
    return changed;
  }

  /** Holds a unit for every case this member owns that is accepted and not held. Answers how many it adopted. */
  public int adoptAccepted() {
    List<String> accepted = new ArrayList<>(cases.localKeySet(Predicates.equal("status",
        CaseStatus.ACCEPTED.name())));
    int adopted = 0;
    for (int i = 0; i < accepted.size(); i += CHUNK) {
      Map<String, List<String>> byProvider = new HashMap<>();
      cases.getAll(Set.copyOf(accepted.subList(i, Math.min(accepted.size(), i + CHUNK)))).forEach((id, v) -> {
        JsonNode c = parse(v);
        if (CaseStatus.ACCEPTED.name().equals(c.path("status").asText()) && c.hasNonNull("assignedProviderId")) {
          byProvider.computeIfAbsent(c.get("assignedProviderId").asText(), k -> new ArrayList<>()).add(id);
        }
      });
      Map<String, HazelcastJsonValue> docs = providers.getAll(byProvider.keySet());
      for (Map.Entry<String, List<String>> e : byProvider.entrySet()) {
        HazelcastJsonValue doc = docs.get(e.getKey());
        if (doc == null) {
          continue; // the provider was deleted: nothing to hold
        }
        Reservations r = CapacityChange.read(parse(doc));
        for (String caseId : e.getValue()) {
          boolean held = r.holds().stream().anyMatch(h -> h.caseId().equals(caseId));
          if (!held && providers.executeOnKey(e.getKey(), CapacityChange.adopt(caseId, clock.millis()))) {
            adopted++;
            LOG.info("Provider {} holds capacity for its accepted case {} again", e.getKey(), caseId);
          }
        }
      }
    }
    return adopted;
  }

  private static boolean acceptedBy(JsonNode c, String providerId) {
    return CaseStatus.ACCEPTED.name().equals(c.path("status").asText())
        && providerId.equals(c.path("assignedProviderId").asText(null));
  }

  private static JsonNode parse(HazelcastJsonValue v) {
    return Json.parse(v.getValue());
  }

  @Override
  public void close() {
    timer.shutdownNow();
  }
}
