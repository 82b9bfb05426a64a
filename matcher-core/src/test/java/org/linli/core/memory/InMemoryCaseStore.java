package org.linli.core.memory;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import org.linli.core.cases.Candidate;
import org.linli.core.cases.CaseCommand;
import org.linli.core.cases.CaseRules;
import org.linli.core.cases.CaseStatus;
import org.linli.core.cases.CaseStore;
import org.linli.core.cases.ReferralCase;
import org.linli.core.error.LinliException;
import org.linli.core.error.NotFoundException;

/**
 * {@link CaseStore} in a map: each change is one atomic {@code compute} on the case's entry. For
 * tests.
 */
public final class InMemoryCaseStore implements CaseStore {
  private final Map<String, ReferralCase> cases = new ConcurrentHashMap<>();
  private final CaseRules rules;

  public InMemoryCaseStore(CaseRules rules) {
    this.rules = rules;
  }

  @Override
  public CompletionStage<Optional<ReferralCase>> find(String id) {
    return CompletableFuture.completedFuture(Optional.ofNullable(cases.get(id)));
  }

  @Override
  public void insert(ReferralCase c) {
    cases.put(c.id(), c);
  }

  @Override
  public CompletionStage<Change> apply(String id, CaseCommand command) {
    Change[] out = new Change[1];
    try {
      cases.computeIfPresent(
          id,
          (k, before) -> {
            ReferralCase after = command.applyTo(before, rules);
            out[0] = new Change(before, after);
            return after;
          });
    } catch (LinliException e) {
      return CompletableFuture.failedFuture(e);
    }
    if (out[0] == null && command.op() != CaseCommand.Op.EXPIRE) {
      return CompletableFuture.failedFuture(new NotFoundException("case " + id));
    }
    return CompletableFuture.completedFuture(out[0]);
  }

  @Override
  public Map<String, ReferralCase> getAll(Collection<String> ids) {
    Map<String, ReferralCase> out = new HashMap<>();
    ids.forEach(
        id -> {
          ReferralCase c = cases.get(id);
          if (c != null) {
            out.put(id, c);
          }
        });
    return out;
  }

  @Override
  public List<ReferralCase> offeredOrAssigned(
      String agencyId, String providerId, CaseStatus status) {
    List<ReferralCase> out = new ArrayList<>();
    for (ReferralCase c : cases.values()) {
      boolean agencyOk =
          agencyId == null || is(c.offered(), agencyId, true) || is(c.assigned(), agencyId, true);
      boolean providerOk =
          providerId == null
              || is(c.offered(), providerId, false)
              || is(c.assigned(), providerId, false);
      if (agencyOk && providerOk && (status == null || c.status() == status)) {
        out.add(c);
      }
    }
    return out;
  }

  @Override
  public List<ReferralCase> concerning(org.linli.core.access.Principal p) {
    List<ReferralCase> out = new ArrayList<>();
    for (ReferralCase c : cases.values()) {
      boolean mine = p.subject().equals(c.residentId());
      for (Candidate x : c.candidates()) {
        mine |=
            p.has(org.linli.core.access.Role.WORKER)
                && p.providerId() != null
                && p.providerId().equals(x.providerId());
        mine |=
            p.has(org.linli.core.access.Role.AGENCY)
                && p.agencyId() != null
                && p.agencyId().equals(x.agencyId());
      }
      if (mine) {
        out.add(c);
      }
    }
    return out;
  }

  private static boolean is(Candidate x, String id, boolean agency) {
    return x != null && id.equals(agency ? x.agencyId() : x.providerId());
  }

  @Override
  public Collection<String> lapsedOffers(Instant now) {
    return cases.values().stream()
        .filter(c -> c.status() == CaseStatus.OFFERED && !c.offerExpiresAt().isAfter(now))
        .map(ReferralCase::id)
        .toList();
  }

  @Override
  public List<ReferralCase> queue(CaseStatus status, boolean escalated) {
    return cases.values().stream()
        .filter(c -> status == null || c.status() == status)
        .filter(c -> !escalated || waitingEscalated(c))
        .toList();
  }

  /** Escalated and still waiting for a provider. */
  public static boolean waitingEscalated(ReferralCase c) {
    return c.escalatedAt() != null
        && (c.status() == CaseStatus.OFFERED || c.status() == CaseStatus.UNMATCHED);
  }

  @Override
  public Collection<String> escalationsDue(Instant openedBy) {
    return cases.values().stream()
        .filter(c -> c.status() == CaseStatus.OFFERED && c.watched() && c.escalatedAt() == null)
        .filter(c -> !c.createdAt().isAfter(openedBy))
        .map(ReferralCase::id)
        .toList();
  }

  @Override
  public Collection<String> accepted() {
    return cases.values().stream()
        .filter(c -> c.status() == CaseStatus.ACCEPTED)
        .map(ReferralCase::id)
        .toList();
  }
}
