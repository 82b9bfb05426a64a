package org.linli.core.memory;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.linli.core.cases.ReservationChange;
import org.linli.core.cases.Reservations;
import org.linli.core.provider.ProviderStore;
import org.linli.core.rating.Rating;

/**
 * What every {@link ProviderStore} must do, run against each implementation (in memory here; the
 * Hazelcast providers map in api-server). Each test uses provider ids of its own.
 */
public abstract class ProviderStoreContract {
  /**
   * Hold times are this many milliseconds apart from a day ahead of the real clock: a live server's
   * capacity round (which settles holds older than its grace by the real clock) never touches them.
   */
  private static final long B = System.currentTimeMillis() + 86_400_000L;

  /** The store under test. */
  protected abstract ProviderStore store();

  /**
   * Stores a provider as a client would (replacing any): of {@code agencyId} (or none), with {@code
   * capacity} and {@code activeCases} units already taken outside Linli.
   */
  protected abstract void provider(String id, String agencyId, int capacity, int activeCases);

  private static boolean join(java.util.concurrent.CompletionStage<Boolean> s) {
    return s.toCompletableFuture().join();
  }

  @Test
  void owners_areTheAgenciesOfTheProvidersThatExist() {
    provider("o-1", "ag-1", 3, 0);
    provider("o-2", null, 3, 0);
    Map<String, ProviderStore.Owner> owners = store().owners(List.of("o-1", "o-2", "o-missing"));
    assertThat(owners).containsOnlyKeys("o-1", "o-2");
    assertThat(owners.get("o-1").agencyId()).isEqualTo("ag-1");
    assertThat(owners.get("o-2").agencyId()).isNull();
  }

  @Test
  void reservations_stopAtCapacity_countImportedUnits_andFreeByTokenOrCase() {
    ProviderStore s = store();
    provider("r-1", "ag-1", 3, 1);
    assertThat(s.reservations("r-1")).isEqualTo(new Reservations(1, List.of()));
    assertThat(join(s.reserve("r-1", ReservationChange.reserve("c1", "t1", B + 1_000)))).isTrue();
    assertThat(join(s.reserve("r-1", ReservationChange.reserve("c2", "t2", B + 2_000)))).isTrue();
    assertThat(join(s.reserve("r-1", ReservationChange.reserve("c3", "t3", B + 3_000)))).isFalse();
    Reservations r = s.reservations("r-1");
    assertThat(r.activeCases()).isEqualTo(3);
    assertThat(r.holds()).extracting(Reservations.Hold::caseId).containsExactly("c1", "c2");
    assertThat(join(s.reserve("r-1", ReservationChange.free("c1", "other-token")))).isFalse();
    assertThat(join(s.reserve("r-1", ReservationChange.free("c1", "t1")))).isTrue();
    assertThat(join(s.reserve("r-1", ReservationChange.free("c2", null)))).isTrue();
    assertThat(join(s.reserve("r-1", ReservationChange.free("c2", null)))).isFalse();
    assertThat(s.reservations("r-1")).isEqualTo(new Reservations(1, List.of()));
  }

  @Test
  void concurrentReservations_neverPassCapacity() throws Exception {
    ProviderStore s = store();
    provider("r-2", null, 3, 0);
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Future<Boolean>> tries = new ArrayList<>();
      for (int i = 0; i < 20; i++) {
        String c = "c" + i;
        tries.add(
            pool.submit(() -> join(s.reserve("r-2", ReservationChange.reserve(c, "t", B + 1)))));
      }
      int won = 0;
      for (Future<Boolean> t : tries) {
        won += t.get() ? 1 : 0;
      }
      assertThat(won).isEqualTo(3);
    } finally {
      pool.shutdownNow();
    }
    assertThat(s.reservations("r-2").activeCases()).isEqualTo(3);
  }

  @Test
  void oldHolds_areFound_settled_andAdoptedAgain() {
    ProviderStore s = store();
    provider("h-1", "ag-1", 5, 0);
    provider("h-2", "ag-1", 5, 1);
    join(s.reserve("h-1", ReservationChange.reserve("c1", "t1", B + 1_000)));
    join(s.reserve("h-1", ReservationChange.reserve("c2", "t2", B + 9_000)));
    assertThat(s.heldSince(B + 1_500)).contains("h-1").doesNotContain("h-2");
    assertThat(s.heldSince(B + 500)).doesNotContain("h-1");
    assertThat(join(s.reserve("h-1", ReservationChange.settle("c1", false, B + 1_500)))).isTrue();
    assertThat(s.reservations("h-1").holds())
        .extracting(Reservations.Hold::caseId)
        .containsExactly("c2");
    assertThat(s.heldSince(B + 1_500)).doesNotContain("h-1");
    // An imported unit is taken to be the accepted case's: no unit is counted twice.
    assertThat(join(s.reserve("h-2", ReservationChange.adopt("c7", B + 2_000)))).isTrue();
    assertThat(s.reservations("h-2").activeCases()).isEqualTo(1);
    assertThat(join(s.reserve("h-2", ReservationChange.adopt("c7", B + 3_000)))).isFalse();
  }

  @Test
  void anUnknownProvider_hasNoReservations_andChangesNothing() {
    ProviderStore s = store();
    assertThat(s.reservations("u-missing")).isNull();
    assertThat(join(s.reserve("u-missing", ReservationChange.reserve("c1", "t1", B + 1))))
        .isFalse();
    assertThat(s.rate("u-missing", new Rating(4.0, 1, 3.7), true)).isFalse();
  }

  @Test
  void ratings_moveForward_unlessForced() {
    ProviderStore s = store();
    provider("g-1", null, 1, 0);
    assertThat(s.rate("g-1", new Rating(4.0, 2, 3.7), false)).isTrue();
    assertThat(s.rate("g-1", new Rating(4.0, 2, 3.7), false)).isFalse();
    assertThat(s.rate("g-1", new Rating(5.0, 1, 3.8), false)).isFalse(); // an older tally
    assertThat(s.rate("g-1", new Rating(5.0, 1, 3.8), true)).isTrue();
    assertThat(s.rate("g-1", new Rating(3.0, 3, 3.1), false)).isTrue();
  }
}
