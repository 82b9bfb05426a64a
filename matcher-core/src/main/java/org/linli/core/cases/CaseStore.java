package org.linli.core.cases;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import org.linli.core.Nullable;

/**
 * Where cases live (port). Writes are durable before they complete. Methods answering a {@link
 * CompletionStage} never block their caller; the others block (call them from a worker, never an
 * event loop). A store that is not ready yet fails with {@link
 * org.linli.core.error.UnavailableException}. Implementations: in memory (tests) and the Hazelcast
 * map written through to the database (api-server); both pass the same contract test.
 */
public interface CaseStore {
  /** The case, if there is one. */
  CompletionStage<Optional<ReferralCase>> find(String id);

  /** Stores a new case. Blocking. */
  void insert(ReferralCase c);

  /**
   * Applies {@code command} to the stored case atomically (no other change of that case
   * interleaves) and stores the result unless it is unchanged.
   *
   * @return the case before and after; fails with the rules' refusal (nothing stored), or with a
   *     {@link org.linli.core.error.NotFoundException} for an unknown id (an EXPIRE of an unknown
   *     id answers null instead)
   */
  CompletionStage<Change> apply(String id, CaseCommand command);

  /** The cases with these ids that exist. Blocking. */
  Map<String, ReferralCase> getAll(Collection<String> ids);

  /**
   * The cases in {@code status} (when not null), or the escalated ones still waiting for a provider
   * (OFFERED or UNMATCHED; when {@code escalated}): a staff queue. Blocking.
   */
  List<ReferralCase> queue(@Nullable CaseStatus status, boolean escalated);

  /**
   * The cases whose current offer or assignment is to a provider of {@code agencyId} (when not
   * null) and to provider {@code providerId} (when not null), in {@code status} (when not null).
   * Blocking.
   */
  List<ReferralCase> offeredOrAssigned(
      @Nullable String agencyId, @Nullable String providerId, @Nullable CaseStatus status);

  /**
   * Ids of the OFFERED cases this member is responsible for whose offer lapsed by {@code now}.
   * Blocking.
   */
  Collection<String> lapsedOffers(Instant now);

  /**
   * Ids of the OFFERED, URGENT or sensitive cases this member is responsible for that are not
   * escalated and were opened by {@code openedBy} (now less the escalation delay). Blocking.
   */
  Collection<String> escalationsDue(Instant openedBy);

  /** Ids of the ACCEPTED cases this member is responsible for. Blocking. */
  Collection<String> accepted();

  /**
   * The cases {@code p} may get updates of: its own as a resident, and those with a candidate that
   * is its provider (WORKER) or of its agency (AGENCY). A superset: {@link
   * org.linli.core.access.CaseAccess#concerns} decides per transition. Blocking.
   */
  List<ReferralCase> concerning(org.linli.core.access.Principal p);

  /** A change: the case before and after (the same object when nothing changed). */
  record Change(ReferralCase before, ReferralCase after) {
    public boolean changed() {
      return !before.equals(after);
    }
  }
}
