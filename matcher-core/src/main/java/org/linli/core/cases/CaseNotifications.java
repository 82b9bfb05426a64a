package org.linli.core.cases;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArraySet;
import org.linli.core.access.CaseAccess;

/**
 * Tells each subscribed party of the case transitions that concern it ({@link
 * CaseAccess#concerns}): the resident of every transition of its case, a provider's WORKER and
 * AGENCY of those about that provider. Updates are derived from the durable state, one per
 * transition in a case's history, so a party that comes back is told what it missed ({@link
 * #replay}) from the {@link CaseStore}. Thread-safe.
 */
public final class CaseNotifications {
  private final CaseStore cases;
  private final Set<CaseNotifier> subscribers = new CopyOnWriteArraySet<>();

  public CaseNotifications(CaseStore cases) {
    this.cases = cases;
  }

  /** Starts telling {@code n} of the updates that concern it. */
  public void subscribe(CaseNotifier n) {
    subscribers.add(n);
  }

  /** Stops telling {@code n} anything. */
  public void unsubscribe(CaseNotifier n) {
    subscribers.remove(n);
  }

  /**
   * A case changed: its transitions from index {@code from} on (0 for a new case) are new, and each
   * goes to the subscribers it concerns. Non-blocking.
   */
  public void changed(int from, ReferralCase after) {
    for (int i = from; i < after.history().size(); i++) {
      CaseUpdate u = CaseUpdate.of(after, i);
      for (CaseNotifier n : subscribers) {
        if (CaseAccess.concerns(n.principal(), after, u.transition())) {
          n.deliver(u);
        }
      }
    }
  }

  /**
   * Tells {@code n} of every update of its cases after the one with id {@code lastId}, oldest
   * first. Blocking (reads the store): call it after {@link #subscribe}, so that nothing falls
   * between (an update may then come twice).
   */
  public void replay(CaseNotifier n, String lastId) {
    List<CaseUpdate> missed = new ArrayList<>();
    for (ReferralCase c : cases.concerning(n.principal())) {
      for (int i = 0; i < c.history().size(); i++) {
        CaseUpdate u = CaseUpdate.of(c, i);
        if (CaseAccess.concerns(n.principal(), c, u.transition()) && u.isAfter(lastId)) {
          missed.add(u);
        }
      }
    }
    missed.sort(Comparator.comparingLong(CaseUpdate::at).thenComparing(CaseUpdate::id));
    missed.forEach(n::deliver);
  }
}
