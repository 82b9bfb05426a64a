package org.linli.core.memory;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.linli.core.access.Role;
import org.linli.core.accounts.Account;
import org.linli.core.accounts.Phone;
import org.linli.core.accounts.User;
import org.linli.core.accounts.UserStore;

/**
 * What every {@link UserStore} does: the in-memory one and the database's run these tests. Each
 * test uses names and ids of its own ({@link #prefix}), so that a store shared between tests works.
 */
public abstract class UserStoreContract {
  protected static final Instant T0 = Instant.parse("2026-12-07T08:00:00Z");

  protected abstract UserStore store();

  /** Makes ids and names unique to one store instance. */
  protected String prefix() {
    return "";
  }

  protected User user(String id, String name, Set<Role> roles, String agency) {
    return new User(
        new Account(
            prefix() + id,
            roles,
            agency,
            roles.contains(Role.WORKER) ? "p-" + id : null,
            roles.contains(Role.STAFF) ? List.of("440304") : List.of(),
            false),
        prefix() + name,
        new Phone("13900001111"),
        T0);
  }

  @Test
  void anAccount_isFoundByName_withItsHash_andAgainByItsId() {
    UserStore s = store();
    User u = user("u1", "zhang.wei", Set.of(Role.STAFF), null);
    assertThat(s.create(u, "hash-1")).isTrue();
    UserStore.Credentials c = s.credentials(prefix() + "zhang.wei").orElseThrow();
    assertThat(c.passwordHash()).isEqualTo("hash-1");
    assertThat(c.account()).isEqualTo(u.account());
    User back = s.user(prefix() + "u1").orElseThrow();
    assertThat(back.username()).isEqualTo(prefix() + "zhang.wei");
    assertThat(back.phone()).isEqualTo(new Phone("13900001111"));
    assertThat(back.account().regionScope()).containsExactly("440304");
    assertThat(s.credentials(prefix() + "nobody")).isEmpty();
  }

  @Test
  void aTakenUsername_isRefused_andNothingIsWritten() {
    UserStore s = store();
    assertThat(s.create(user("u2", "li.na", Set.of(Role.ADMIN), null), "h")).isTrue();
    assertThat(s.create(user("u3", "li.na", Set.of(Role.STAFF), null), "other")).isFalse();
    assertThat(s.user(prefix() + "u3")).isEmpty();
    assertThat(s.credentials(prefix() + "li.na").orElseThrow().passwordHash()).isEqualTo("h");
  }

  @Test
  void update_changesRolesAndDisabled_andThePasswordOnlyWhenGiven() {
    UserStore s = store();
    s.create(user("u4", "wang.fang", Set.of(Role.STAFF), null), "h1");
    assertThat(s.update(prefix() + "u4", Set.of(Role.STAFF, Role.ADMIN), true, null)).isTrue();
    UserStore.Credentials c = s.credentials(prefix() + "wang.fang").orElseThrow();
    assertThat(c.account().roles()).containsExactlyInAnyOrder(Role.STAFF, Role.ADMIN);
    assertThat(c.account().disabled()).isTrue();
    assertThat(c.passwordHash()).isEqualTo("h1");
    s.update(prefix() + "u4", Set.of(Role.STAFF), false, "h2");
    assertThat(s.credentials(prefix() + "wang.fang").orElseThrow().passwordHash()).isEqualTo("h2");
    assertThat(s.update(prefix() + "missing", Set.of(Role.STAFF), false, null)).isFalse();
  }

  @Test
  void users_listsAnAgencysOwn_orAll_byName() {
    UserStore s = store();
    s.create(user("u5", "w.b", Set.of(Role.WORKER), prefix() + "a1"), "h");
    s.create(user("u6", "w.a", Set.of(Role.WORKER), prefix() + "a1"), "h");
    s.create(user("u7", "w.c", Set.of(Role.WORKER), prefix() + "a2"), "h");
    assertThat(s.users(prefix() + "a1"))
        .extracting(User::username)
        .containsExactly(prefix() + "w.a", prefix() + "w.b");
    assertThat(s.users(null))
        .extracting(User::username)
        .contains(prefix() + "w.a", prefix() + "w.b", prefix() + "w.c");
  }

  @Test
  void failures_areCountedPerName_sinceATime_andCleared() {
    UserStore s = store();
    String name = prefix() + "name-hash";
    s.recordFailure(name, T0);
    s.recordFailure(name, T0.plusSeconds(60));
    s.recordFailure(name, T0.plusSeconds(120));
    assertThat(s.failures(name, T0.plusSeconds(30)))
        .containsExactly(T0.plusSeconds(60), T0.plusSeconds(120));
    assertThat(s.failures(prefix() + "other", T0)).isEmpty();
    s.clearFailures(name);
    assertThat(s.failures(name, T0)).isEmpty();
  }

  @Test
  void sessions_areListedUntilTheyExpire_andGoWithTheAccount() {
    UserStore s = store();
    s.create(user("u8", "zhao.lei", Set.of(Role.AGENCY), prefix() + "a1"), "h");
    s.recordSession(prefix() + "u8", prefix() + "j1", T0.plusSeconds(60));
    s.recordSession(prefix() + "u8", prefix() + "j2", T0.plusSeconds(3600));
    assertThat(s.sessions(prefix() + "u8", T0.plusSeconds(120)))
        .containsExactly(new UserStore.SessionRef(prefix() + "j2", T0.plusSeconds(3600)));
    assertThat(s.delete(prefix() + "u8")).isTrue();
    assertThat(s.user(prefix() + "u8")).isEmpty();
    assertThat(s.credentials(prefix() + "zhao.lei")).isEmpty();
    assertThat(s.delete(prefix() + "u8")).isFalse();
  }
}
