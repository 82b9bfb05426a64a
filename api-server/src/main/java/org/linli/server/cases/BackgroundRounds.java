package org.linli.server.cases;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.linli.core.cases.CapacityReconciliation;
import org.linli.core.cases.CaseFlow;
import org.linli.core.feedback.FeedbackFlow;
import org.linli.server.util.Daemons;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The flows' work that no request asks for, each on a daemon thread of its own (never an event
 * loop): lapsed offers move on every 250 ms ({@link CaseFlow#expireDue}), capacity holds are
 * settled and adopted ({@link CapacityReconciliation}), ratings are set from the feedback ledger
 * ({@link FeedbackFlow#reconcile}). A round that fails is logged and tried again next time. Each
 * works on what this member is responsible for.
 */
public final class BackgroundRounds implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(BackgroundRounds.class);

  private final List<ScheduledExecutorService> threads = new ArrayList<>();

  /** Moves on lapsed offers every 250 ms; escalates needs not taken in time every second. */
  public void offers(CaseFlow flow) {
    every(
        thread("linli-offer-timer"),
        Duration.ZERO,
        Duration.ofMillis(250),
        "moving on lapsed offers",
        flow::expireDue);
    every(
        thread("linli-escalation-timer"),
        Duration.ZERO,
        Duration.ofSeconds(1),
        "escalating needs not taken in time",
        flow::escalateDue);
  }

  /**
   * Adopts accepted cases now and every {@code adoptEvery}; settles holds older than {@code grace}
   * every {@code settleEvery}.
   */
  public void capacity(
      CapacityReconciliation reconciliation,
      Clock clock,
      Duration grace,
      Duration settleEvery,
      Duration adoptEvery) {
    ScheduledExecutorService t = thread("linli-capacity-reconciler");
    every(t, Duration.ZERO, adoptEvery, "adopting accepted cases", reconciliation::adoptAccepted);
    every(
        t,
        settleEvery,
        settleEvery,
        "settling stale holds",
        () -> reconciliation.settleStale(clock.millis() - grace.toMillis()));
  }

  /**
   * Sets every rating from the ledger now, on the caller's thread (before this member reports
   * ready), forcing inflated ones down; then every 10 minutes without forcing.
   */
  public void ratings(FeedbackFlow flow) {
    reconcileRatings(flow, true);
    ScheduledExecutorService t = thread("linli-rating-reconciler");
    t.scheduleWithFixedDelay(() -> reconcileRatings(flow, false), 10, 10, TimeUnit.MINUTES);
  }

  private static void reconcileRatings(FeedbackFlow flow, boolean force) {
    try {
      int changed = flow.reconcile(force);
      if (changed > 0) {
        LOG.info("Set {} providers' ratings from the feedback ledger", changed);
      }
    } catch (RuntimeException e) {
      LOG.warn(
          "Setting ratings from the feedback ledger failed (retried in 10 minutes): {}",
          e.toString());
    }
  }

  /** Makes providers ACTIVE again whose status has ended, every 5 seconds ({@code lapse}). */
  public void statuses(Supplier<Integer> lapse) {
    every(
        thread("linli-status-lapses"),
        Duration.ZERO,
        Duration.ofSeconds(5),
        "ending statuses",
        lapse);
  }

  private void every(
      ScheduledExecutorService t,
      Duration first,
      Duration period,
      String what,
      Supplier<Integer> round) {
    t.scheduleWithFixedDelay(
        () -> {
          try {
            int changed = round.get();
            if (changed > 0) {
              LOG.debug("Background round {}: {} changed", what, changed);
            }
          } catch (RuntimeException e) {
            LOG.warn(
                "Background round failed while {} (retried in {} ms): {}",
                what,
                period.toMillis(),
                e.toString());
          }
        },
        first.toMillis(),
        period.toMillis(),
        TimeUnit.MILLISECONDS);
  }

  /** A daemon thread of its own, stopped by {@link #close}. */
  private ScheduledExecutorService thread(String name) {
    ScheduledExecutorService t = Daemons.scheduler(name);
    threads.add(t);
    return t;
  }

  @Override
  public void close() {
    threads.forEach(ScheduledExecutorService::shutdownNow);
  }
}
