package org.linli.server.cases;

import com.hazelcast.core.HazelcastJsonValue;
import com.hazelcast.map.IMap;
import com.hazelcast.query.Predicate;
import com.hazelcast.query.Predicates;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.WorkerExecutor;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.linli.core.access.Principal;
import org.linli.core.access.Role;
import org.linli.core.cases.Candidate;
import org.linli.core.cases.CaseAccess;
import org.linli.core.cases.CaseRules;
import org.linli.core.cases.CaseStatus;
import org.linli.core.cases.Need;
import org.linli.core.cases.ReferralCase;
import org.linli.core.error.ConflictException;
import org.linli.core.error.ForbiddenException;
import org.linli.core.error.NotFoundException;
import org.linli.core.error.UnauthenticatedException;
import org.linli.core.error.UnavailableException;
import org.linli.core.match.Match;
import org.linli.core.match.ProviderIndex;
import org.linli.server.cluster.CapacityChange;
import org.linli.server.cluster.CaseChange;
import org.linli.server.cluster.Outcome;
import org.linli.server.json.CaseJson;
import org.linli.server.json.ProviderJson;
import org.linli.server.store.ReadAudit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.linli.server.util.Daemons;

/**
 * Needs become cases and cases move through {@link CaseRules}: each change is one entry processor on the case's
 * partition (so one acceptance wins), written through to the store before it is acknowledged. Capacity is
 * reserved on the provider before an acceptance is tried and freed if it loses, so {@code activeCases} never
 * passes {@code capacity}. Lapsed offers are moved on by a timer that scans this member's own OFFERED cases,
 * which the store reloads at start, so timeouts fire across restarts. Thread-safe.
 */
public final class CaseService implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(CaseService.class);

  private final ProviderIndex index;
  private final WorkerExecutor workers;
  private final CaseRules rules;
  private final Clock clock;
  private final ScheduledExecutorService timer;
  private final ReadAudit audit;
  private volatile IMap<String, HazelcastJsonValue> cases;
  private volatile IMap<String, HazelcastJsonValue> providers;

  public CaseService(ProviderIndex index, WorkerExecutor workers, CaseRules rules, Clock clock, ReadAudit audit) {
    this.audit = audit;
    this.index = index;
    this.workers = workers;
    this.rules = rules;
    this.clock = clock;
    this.timer = Daemons.scheduler("linli-offer-timer");
  }

  /** Starts serving once both maps are loaded; starts the offer timer. */
  public void attach(IMap<String, HazelcastJsonValue> loadedCases, IMap<String, HazelcastJsonValue> loadedProviders) {
    this.cases = loadedCases;
    this.providers = loadedProviders;
    timer.scheduleWithFixedDelay(this::expireDue, 250, 250, TimeUnit.MILLISECONDS);
  }

  private IMap<String, HazelcastJsonValue> cases() {
    IMap<String, HazelcastJsonValue> m = cases;
    if (m == null) {
      throw new UnavailableException("loading", "Linli is still loading cases from the durable store; retry shortly.");
    }
    return m;
  }

  /** Fails unless {@code caller} may post a need: a RESIDENT (checked before the body is read, and again here). */
  public static void requireMayPost(Principal caller) {
    if (caller.isAnonymous()) {
      throw new UnauthenticatedException("posting a need needs a RESIDENT's bearer token");
    }
    if (!caller.has(Role.RESIDENT)) {
      throw new ForbiddenException("only a RESIDENT may post a need");
    }
  }

  /** A resident's need: matched now, offered to the best candidate (or UNMATCHED). Blocking parts on a worker. */
  public Future<ReferralCase> create(Need need, Principal resident) {
    requireMayPost(resident);
    IMap<String, HazelcastJsonValue> m = cases();
    return workers.executeBlocking(() -> {
      List<Match> matches = index.match(need.match()).matches();
      Set<String> ids = new HashSet<>();
      matches.forEach(x -> ids.add(x.providerId()));
      Map<String, HazelcastJsonValue> docs = providers.getAll(ids);
      List<Candidate> candidates = new ArrayList<>();
      for (Match x : matches) {
        HazelcastJsonValue doc = docs.get(x.providerId());
        if (doc != null) { // deleted since it was indexed: not a candidate
          candidates.add(new Candidate(x.providerId(), ProviderJson.agencyIdOf(doc.getValue()), x.score(),
              x.distanceMeters()));
        }
      }
      String id = "c-" + UUID.randomUUID().toString().replace("-", "").substring(0, 20);
      ReferralCase c = rules.open(id, resident.subject(), need, candidates, clock.instant());
      m.set(id, new HazelcastJsonValue(CaseJson.toStore(c)));
      return c;
    }, false);
  }

  /** The case if {@code viewer} may see it; else the same {@link NotFoundException} as for an unknown id. */
  public Future<ReferralCase> get(String id, Principal viewer, Context context) {
    return Future.fromCompletionStage(cases().getAsync(id), context).map(v -> {
      ReferralCase c = v == null ? null : CaseJson.fromStore(v.getValue());
      if (c == null || !CaseAccess.canSee(viewer, c)) {
        throw new NotFoundException("case " + id);
      }
      return c;
    });
  }

  /**
   * The inbox: cases offered to or assigned to the caller's provider (WORKER) or its agency's providers
   * (AGENCY), newest first, at most {@code limit}; optionally one provider's and one status's only.
   */
  public Future<List<ReferralCase>> inbox(Principal caller, String providerId, CaseStatus status, int limit) {
    Predicate<String, HazelcastJsonValue> who;
    if (caller.has(Role.AGENCY) && caller.agencyId() != null) {
      who = Predicates.or(Predicates.equal("offeredAgencyId", caller.agencyId()),
          Predicates.equal("assignedAgencyId", caller.agencyId()));
    } else if (caller.has(Role.WORKER) && caller.providerId() != null) {
      if (providerId != null && !providerId.equals(caller.providerId())) {
        throw new ForbiddenException("a WORKER's inbox is its own provider's (" + caller.providerId() + ")");
      }
      who = Predicates.or(Predicates.equal("offeredProviderId", caller.providerId()),
          Predicates.equal("assignedProviderId", caller.providerId()));
    } else if (caller.isAnonymous()) {
      throw new UnauthenticatedException("the inbox needs an AGENCY's or WORKER's bearer token");
    } else {
      throw new ForbiddenException("the inbox is for an AGENCY (its providers) or a WORKER (itself)");
    }
    List<Predicate<String, HazelcastJsonValue>> all = new ArrayList<>(List.of(who));
    if (providerId != null) {
      all.add(Predicates.or(Predicates.equal("offeredProviderId", providerId),
          Predicates.equal("assignedProviderId", providerId)));
    }
    if (status != null) {
      all.add(Predicates.equal("status", status.name()));
    }
    @SuppressWarnings("unchecked")
    Predicate<String, HazelcastJsonValue> query = Predicates.and(all.toArray(new Predicate[0]));
    IMap<String, HazelcastJsonValue> m = cases();
    return workers.executeBlocking(() -> m.values(query).stream()
        .map(v -> CaseJson.fromStore(v.getValue()))
        .filter(c -> CaseAccess.canSee(caller, c)) // the predicate's view, checked by the rules themselves
        .sorted(java.util.Comparator.comparing(ReferralCase::createdAt).reversed()
            .thenComparing(ReferralCase::id))
        .limit(limit)
        .toList(), false);
  }

  /**
   * The case for display to {@code viewer}: as {@link #get}, and a STAFF read is recorded durably first
   * ({@code what} says which view).
   */
  public Future<ReferralCase> read(String id, Principal viewer, String what, Context context) {
    return get(id, viewer, context).compose(c -> {
      if (!viewer.has(Role.STAFF)) {
        return Future.succeededFuture(c);
      }
      return workers.executeBlocking(() -> {
        audit.record(c.id(), viewer.subject(), what);
        return c;
      }, false);
    });
  }

  /**
   * The offered provider accepts: a unit of capacity is reserved first under this attempt's token, and freed
   * again if the acceptance loses. (A member that dies between the two steps leaves a hold that
   * {@link CapacityReconciler} settles against the case.)
   */
  public Future<ReferralCase> accept(String id, Principal caller, Context context) {
    return get(id, caller, context).compose(c -> {
      if (c.offered() == null) {
        throw new ConflictException("cannot accept a case that is " + c.status());
      }
      if (!CaseAccess.actsFor(caller, c.offered())) {
        throw new ForbiddenException("only the offered provider (its worker or agency) may accept");
      }
      String providerId = c.offered().providerId();
      String attempt = UUID.randomUUID().toString();
      return Future.fromCompletionStage(providers.submitToKey(providerId,
              CapacityChange.reserve(id, attempt, clock.millis())), context)
          .compose(reserved -> {
            if (!reserved) {
              throw new ConflictException("provider " + providerId + " has no spare capacity");
            }
            return change(id, CaseChange.Op.ACCEPT, caller, providerId, context)
                .recover(e -> Future.fromCompletionStage(providers.submitToKey(providerId,
                    CapacityChange.free(id, attempt)), context).transform(ignored -> Future.failedFuture(e)));
          });
    });
  }

  public Future<ReferralCase> decline(String id, Principal caller, Context context) {
    return change(id, CaseChange.Op.DECLINE, caller, null, context);
  }

  public Future<ReferralCase> complete(String id, Principal caller, Context context) {
    return change(id, CaseChange.Op.COMPLETE, caller, null, context);
  }

  public Future<ReferralCase> cancel(String id, Principal caller, Context context) {
    return change(id, CaseChange.Op.CANCEL, caller, null, context);
  }

  /** Applies one change; frees the assigned provider's capacity when the change ends an accepted case. */
  private Future<ReferralCase> change(String id, CaseChange.Op op, Principal caller, String expectedProvider,
      Context context) {
    CaseChange change = new CaseChange(op, caller, clock.instant(), rules.offerTimeout(), expectedProvider);
    return Future.fromCompletionStage(cases().submitToKey(id, change), context).map(Outcome::orThrow).compose(r -> {
      ReferralCase before = CaseJson.fromStore(r.before());
      ReferralCase after = CaseJson.fromStore(r.after());
      if (CaseRules.freesCapacity(before, after)) {
        return Future.fromCompletionStage(providers.submitToKey(after.assigned().providerId(),
            CapacityChange.free(id, null)), context).map(freed -> after);
      }
      return Future.succeededFuture(after);
    });
  }

  /** Moves on every OFFERED case this member owns whose offer has lapsed. Runs on the timer thread. */
  private void expireDue() {
    try {
      IMap<String, HazelcastJsonValue> m = cases;
      Instant now = clock.instant();
      // Only this member's lapsed offers, found by the query itself; the entry processor re-checks the expiry.
      for (String id : m.localKeySet(Predicates.and(Predicates.equal("status", "OFFERED"),
          Predicates.lessEqual("offerExpiresAtMillis", now.toEpochMilli())))) {
        m.executeOnKey(id, new CaseChange(CaseChange.Op.EXPIRE, Principal.ANONYMOUS, now, rules.offerTimeout(), null))
            .orThrow();
      }
    } catch (RuntimeException e) {
      LOG.warn("Offer timer round failed (retried in 250 ms): {}", e.getMessage());
    }
  }

  @Override
  public void close() {
    timer.shutdownNow();
  }
}
