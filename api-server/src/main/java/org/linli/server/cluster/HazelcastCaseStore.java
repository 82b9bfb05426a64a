package org.linli.server.cluster;

import com.hazelcast.core.HazelcastJsonValue;
import com.hazelcast.map.IMap;
import com.hazelcast.query.Predicate;
import com.hazelcast.query.Predicates;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import org.linli.core.access.Principal;
import org.linli.core.access.Role;
import org.linli.core.cases.CaseCommand;
import org.linli.core.cases.CaseRules;
import org.linli.core.cases.CaseStatus;
import org.linli.core.cases.CaseStore;
import org.linli.core.cases.ReferralCase;
import org.linli.core.error.UnavailableException;
import org.linli.server.store.CaseCodec;

/**
 * The {@link CaseStore} of a cluster: the {@code cases} IMap, written through to the database
 * ({@link org.linli.server.store.DocumentStore}) before a write completes. A change is one {@link
 * CaseChange} entry processor on the case's partition. "This member's" cases (lapsed offers,
 * accepted cases) are the ones whose partitions it owns, so each is handled by one member. Until
 * {@link #attach} it answers 503 {@code loading}.
 */
public final class HazelcastCaseStore implements CaseStore {
  private final CaseRules rules;
  private volatile IMap<String, HazelcastJsonValue> cases;

  /** A store whose changes follow {@code rules} (its timings travel with each change). */
  public HazelcastCaseStore(CaseRules rules) {
    this.rules = rules;
  }

  /** Serves from the loaded map from now on. */
  public HazelcastCaseStore attach(IMap<String, HazelcastJsonValue> loaded) {
    this.cases = loaded;
    return this;
  }

  private IMap<String, HazelcastJsonValue> map() {
    IMap<String, HazelcastJsonValue> m = cases;
    if (m == null) {
      throw new UnavailableException(
          "loading", "Linli is still loading cases from the durable store; retry shortly.");
    }
    return m;
  }

  @Override
  public CompletionStage<Optional<ReferralCase>> find(String id) {
    return map()
        .getAsync(id)
        .thenApply(v -> Optional.ofNullable(v).map(x -> CaseCodec.decode(x.getValue())));
  }

  @Override
  public void insert(ReferralCase c) {
    map().set(c.id(), new HazelcastJsonValue(CaseCodec.encode(c)));
  }

  @Override
  public CompletionStage<Change> apply(String id, CaseCommand command) {
    return map()
        .submitToKey(id, new CaseChange(command, rules))
        .thenApply(
            outcome -> {
              CaseChange.Result r = outcome.orThrow();
              return r == null
                  ? null
                  : new Change(CaseCodec.decode(r.before()), CaseCodec.decode(r.after()));
            });
  }

  @Override
  public Map<String, ReferralCase> getAll(Collection<String> ids) {
    Map<String, ReferralCase> out = new HashMap<>();
    map()
        .getAll(new HashSet<>(ids))
        .forEach((id, v) -> out.put(id, CaseCodec.decode(v.getValue())));
    return out;
  }

  @Override
  public List<ReferralCase> offeredOrAssigned(
      String agencyId, String providerId, CaseStatus status) {
    List<Predicate<String, HazelcastJsonValue>> all = new ArrayList<>();
    if (agencyId != null) {
      all.add(
          Predicates.or(
              Predicates.equal("offeredAgencyId", agencyId),
              Predicates.equal("assignedAgencyId", agencyId)));
    }
    if (providerId != null) {
      all.add(
          Predicates.or(
              Predicates.equal("offeredProviderId", providerId),
              Predicates.equal("assignedProviderId", providerId)));
    }
    if (status != null) {
      all.add(Predicates.equal("status", status.name()));
    }
    if (all.isEmpty()) {
      throw new IllegalArgumentException("an inbox query names an agency, a provider or a status");
    }
    @SuppressWarnings("unchecked")
    Predicate<String, HazelcastJsonValue> query = Predicates.and(all.toArray(new Predicate[0]));
    return map().values(query).stream().map(v -> CaseCodec.decode(v.getValue())).toList();
  }

  @Override
  public List<ReferralCase> queue(CaseStatus status, boolean escalated) {
    List<Predicate<String, HazelcastJsonValue>> all = new ArrayList<>();
    if (status != null) {
      all.add(Predicates.equal("status", status.name()));
    }
    if (escalated) {
      all.add(Predicates.equal("escalatedWaiting", true));
    }
    if (all.isEmpty()) {
      throw new IllegalArgumentException("a queue names a status or asks for escalated cases");
    }
    @SuppressWarnings("unchecked")
    Predicate<String, HazelcastJsonValue> query = Predicates.and(all.toArray(new Predicate[0]));
    return map().values(query).stream().map(v -> CaseCodec.decode(v.getValue())).toList();
  }

  @Override
  public Collection<String> lapsedOffers(Instant now) {
    IMap<String, HazelcastJsonValue> m = cases;
    if (m == null) {
      return List.of(); // nothing loaded, nothing lapsed yet
    }
    return m.localKeySet(
        Predicates.and(
            Predicates.equal("status", CaseStatus.OFFERED.name()),
            Predicates.lessEqual("offerExpiresAtMillis", now.toEpochMilli())));
  }

  @Override
  public Collection<String> escalationsDue(Instant openedBy) {
    IMap<String, HazelcastJsonValue> m = cases;
    if (m == null) {
      return List.of();
    }
    // The field is present only while a case may escalate (CaseCodec): OFFERED, watched, not yet.
    return m.localKeySet(
        Predicates.lessEqual("escalationWatchFromMillis", openedBy.toEpochMilli()));
  }

  @Override
  @SuppressWarnings("unchecked")
  public List<ReferralCase> concerning(Principal p) {
    List<Predicate<String, HazelcastJsonValue>> any = new ArrayList<>();
    any.add(Predicates.equal("residentId", p.subject()));
    if (p.has(Role.WORKER) && p.providerId() != null) {
      any.add(Predicates.equal("candidates[any].providerId", p.providerId()));
    }
    if (p.has(Role.AGENCY) && p.agencyId() != null) {
      any.add(Predicates.equal("candidates[any].agencyId", p.agencyId()));
    }
    return map().values(Predicates.or(any.toArray(new Predicate[0]))).stream()
        .map(v -> CaseCodec.decode(v.getValue()))
        .toList();
  }

  @Override
  public Collection<String> accepted() {
    return map().localKeySet(Predicates.equal("status", CaseStatus.ACCEPTED.name()));
  }
}
