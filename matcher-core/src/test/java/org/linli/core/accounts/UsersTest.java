package org.linli.core.accounts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.linli.core.memory.Stages.failure;
import static org.linli.core.memory.Stages.join;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.linli.core.access.Principal;
import org.linli.core.access.Role;
import org.linli.core.error.ConflictException;
import org.linli.core.error.FieldError;
import org.linli.core.error.ForbiddenException;
import org.linli.core.error.InvalidInputException;
import org.linli.core.error.NotFoundException;
import org.linli.core.error.UnauthenticatedException;
import org.linli.core.memory.InMemoryProviderStore;
import org.linli.core.memory.InMemoryUserStore;

class UsersTest {
  static final Principal ADMIN = new Principal("u-admin", Set.of(Role.ADMIN), null, null);
  static final Principal AGENCY_A1 = new Principal("u-a1", Set.of(Role.AGENCY), "a1", null);
  static final Principal AGENCY_A2 = new Principal("u-a2", Set.of(Role.AGENCY), "a2", null);
  static final String PASSWORD = "a long sentence 2026";

  final PhoneSignInTest.TestClock clock =
      new PhoneSignInTest.TestClock(Instant.parse("2026-12-07T08:00:00Z"));
  final InMemoryUserStore store = new InMemoryUserStore();
  final PasswordSignInTest.CountingHasher hasher = new PasswordSignInTest.CountingHasher();
  final List<String> revoked = new ArrayList<>();
  final AtomicInteger jtis = new AtomicInteger();
  final AccountSessions sessions =
      new AccountSessions(
          (p, ttl) ->
              new TokenIssuer.Issued("t", clock.instant().plus(ttl), "j" + jtis.incrementAndGet()),
          store,
          (jti, until) -> revoked.add(jti),
          clock);
  final AtomicInteger ids = new AtomicInteger();
  final Users users =
      new Users(
          store,
          hasher,
          new InMemoryProviderStore().put("p1", "a1", 3).put("p2", "a2", 3)::owners,
          sessions,
          clock,
          Runnable::run,
          () -> "u-" + ids.incrementAndGet());

  static Users.NewUser worker(String name, String agency, String provider) {
    return new Users.NewUser(
        name, PASSWORD, Set.of(Role.WORKER), agency, provider, List.of(), null);
  }

  static List<String> fields(Throwable t) {
    return ((InvalidInputException) t).errors().stream().map(FieldError::field).toList();
  }

  @Test
  void anAdmin_createsAnyKindOfAccount_keepingOnlyAHashOfThePassword() {
    User staff =
        join(
            users.create(
                ADMIN,
                new Users.NewUser(
                    "Zhang.Wei",
                    PASSWORD,
                    Set.of(Role.STAFF),
                    null,
                    null,
                    List.of("440304", "440305"),
                    "138 1234 5678")));
    assertThat(staff.username()).isEqualTo("zhang.wei");
    assertThat(staff.account().regionScope()).containsExactly("440304", "440305");
    assertThat(staff.phone()).isEqualTo(new Phone("13812345678"));
    UserStore.Credentials c = store.credentials("zhang.wei").orElseThrow();
    assertThat(c.passwordHash()).isNotEqualTo(PASSWORD);
    assertThat(hasher.matches(PASSWORD, c.passwordHash())).isTrue();
    assertThat(join(users.create(ADMIN, worker("wk1", "a1", "p1"))).account().providerId())
        .isEqualTo("p1");
  }

  @Test
  void everyProblem_isNamedInOneAnswer() {
    Throwable t =
        failure(
            users.create(
                ADMIN,
                new Users.NewUser(
                    "x", "short", Set.of(Role.RESIDENT), null, "p1", List.of("44"), "12")));
    assertThat(fields(t))
        .contains("username", "password", "roles", "providerId", "regionScope", "phone");
    assertThat(
            fields(
                failure(
                    users.create(
                        ADMIN,
                        new Users.NewUser(
                            "li.na",
                            "li.na is my password",
                            Set.of(Role.WORKER),
                            null,
                            null,
                            List.of(),
                            null)))))
        .containsExactlyInAnyOrder("password", "agencyId", "providerId");
    assertThat(fields(failure(users.create(ADMIN, worker("wk2", "a1", "nope")))))
        .containsExactly("providerId");
    assertThat(fields(failure(users.create(ADMIN, worker("wk2", "a1", "p2")))))
        .containsExactly("providerId");
  }

  @Test
  void aTakenUsername_is409() {
    join(users.create(ADMIN, worker("wk1", "a1", "p1")));
    assertThat(failure(users.create(ADMIN, worker("WK1", "a1", "p1"))))
        .isInstanceOf(ConflictException.class);
  }

  @Test
  void anAgency_managesItsOwnWorkers_only() {
    User mine = join(users.create(AGENCY_A1, worker("wk1", null, "p1")));
    assertThat(mine.account().agencyId()).isEqualTo("a1");
    assertThat(fields(failure(users.create(AGENCY_A1, worker("wk2", "a2", "p2")))))
        .contains("agencyId");
    assertThat(
            fields(
                failure(
                    users.create(
                        AGENCY_A1,
                        new Users.NewUser(
                            "boss", PASSWORD, Set.of(Role.STAFF), null, null, List.of(), null)))))
        .contains("roles");
    assertThat(failure(users.get(AGENCY_A2, mine.account().id())))
        .isInstanceOf(NotFoundException.class);
    assertThat(join(users.list(AGENCY_A1))).extracting(User::username).containsExactly("wk1");
    assertThat(join(users.list(AGENCY_A2))).isEmpty();
    assertThat(join(users.update(AGENCY_A1, mine.account().id(), disable())).account().disabled())
        .isTrue();
    assertThat(
            fields(
                failure(
                    users.update(
                        AGENCY_A1,
                        mine.account().id(),
                        new Users.Change(Set.of(Role.AGENCY), null, null)))))
        .containsExactly("roles");
  }

  @Test
  void othersMayNotManageAccounts() {
    assertThat(failure(users.list(Principal.ANONYMOUS)))
        .isInstanceOf(UnauthenticatedException.class);
    for (Role r : List.of(Role.RESIDENT, Role.WORKER, Role.STAFF)) {
      assertThat(failure(users.list(new Principal("x", Set.of(r), "a1", "p1"))))
          .isInstanceOf(ForbiddenException.class);
    }
  }

  @Test
  void changingRoles_disabling_aNewPassword_andDeleting_signOutEverySession() {
    User w = join(users.create(ADMIN, worker("wk1", "a1", "p1")));
    String id = w.account().id();
    sessions.issue(w.account().principal(), Duration.ofHours(8));
    sessions.issue(w.account().principal(), Duration.ofHours(8));
    join(users.update(ADMIN, id, new Users.Change(null, false, null)));
    assertThat(revoked).isEmpty(); // nothing changed that matters
    join(users.update(ADMIN, id, disable()));
    assertThat(revoked).containsExactly("j1", "j2");
    revoked.clear();
    join(users.update(ADMIN, id, new Users.Change(null, null, "another long sentence")));
    assertThat(revoked).containsExactly("j1", "j2");
    assertThat(
            hasher.matches("another long sentence", store.credentials("wk1").get().passwordHash()))
        .isTrue();
    revoked.clear();
    join(users.delete(ADMIN, id));
    assertThat(revoked).containsExactly("j1", "j2");
    assertThat(failure(users.get(ADMIN, id))).isInstanceOf(NotFoundException.class);
  }

  @Test
  void residentRole_isNeitherGivenNorTaken() {
    User admin =
        users.bootstrap(
            new Users.NewUser("admin", PASSWORD, Set.of(Role.ADMIN), null, null, List.of(), null));
    assertThat(
            fields(
                failure(
                    users.update(
                        ADMIN,
                        admin.account().id(),
                        new Users.Change(Set.of(Role.ADMIN, Role.RESIDENT), null, null)))))
        .containsExactly("roles");
    assertThat(failure(users.delete(admin.account().principal(), admin.account().id())))
        .isInstanceOf(ConflictException.class);
  }

  static Users.Change disable() {
    return new Users.Change(null, true, null);
  }
}
