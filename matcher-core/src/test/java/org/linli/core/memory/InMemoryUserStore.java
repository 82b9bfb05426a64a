package org.linli.core.memory;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.linli.core.Nullable;
import org.linli.core.access.Role;
import org.linli.core.accounts.Account;
import org.linli.core.accounts.User;
import org.linli.core.accounts.UserStore;

/** {@link UserStore} in memory (tests). One lock. */
public final class InMemoryUserStore implements UserStore {
  private final Map<String, User> users = new LinkedHashMap<>();
  private final Map<String, String> hashes = new LinkedHashMap<>();
  private final Map<String, List<Instant>> failures = new LinkedHashMap<>();
  private final Map<String, Map<String, Instant>> sessions = new LinkedHashMap<>();

  @Override
  public synchronized Optional<Credentials> credentials(String username) {
    return users.values().stream()
        .filter(u -> username.equals(u.username()))
        .findFirst()
        .map(u -> new Credentials(u.account(), hashes.get(u.account().id())));
  }

  @Override
  public synchronized List<Instant> failures(String nameHash, Instant since) {
    return failures.getOrDefault(nameHash, List.of()).stream()
        .filter(t -> !t.isBefore(since))
        .sorted()
        .toList();
  }

  @Override
  public synchronized void recordFailure(String nameHash, Instant at) {
    failures.computeIfAbsent(nameHash, k -> new ArrayList<>()).add(at);
  }

  @Override
  public synchronized void clearFailures(String nameHash) {
    failures.remove(nameHash);
  }

  @Override
  public synchronized boolean create(User user, String passwordHash) {
    if (users.values().stream().anyMatch(u -> Objects.equals(u.username(), user.username()))) {
      return false;
    }
    users.put(user.account().id(), user);
    hashes.put(user.account().id(), passwordHash);
    return true;
  }

  @Override
  public synchronized Optional<User> user(String id) {
    return Optional.ofNullable(users.get(id));
  }

  @Override
  public synchronized List<User> users(@Nullable String agencyId) {
    return users.values().stream()
        .filter(u -> u.username() != null)
        .filter(u -> agencyId == null || agencyId.equals(u.account().agencyId()))
        .sorted(Comparator.comparing(User::username))
        .toList();
  }

  @Override
  public synchronized boolean update(
      String id, Set<Role> roles, boolean disabled, @Nullable String passwordHash) {
    User u = users.get(id);
    if (u == null) {
      return false;
    }
    Account a = u.account();
    users.put(
        id,
        new User(
            new Account(a.id(), roles, a.agencyId(), a.providerId(), a.regionScope(), disabled),
            u.username(),
            u.phone(),
            u.createdAt()));
    if (passwordHash != null) {
      hashes.put(id, passwordHash);
    }
    return true;
  }

  @Override
  public synchronized boolean delete(String id) {
    hashes.remove(id);
    sessions.remove(id);
    return users.remove(id) != null;
  }

  @Override
  public synchronized void recordSession(String accountId, String jti, Instant expiresAt) {
    sessions.computeIfAbsent(accountId, k -> new LinkedHashMap<>()).put(jti, expiresAt);
  }

  @Override
  public synchronized List<SessionRef> sessions(String accountId, Instant now) {
    return sessions.getOrDefault(accountId, Map.of()).entrySet().stream()
        .filter(e -> e.getValue().isAfter(now))
        .map(e -> new SessionRef(e.getKey(), e.getValue()))
        .toList();
  }
}
