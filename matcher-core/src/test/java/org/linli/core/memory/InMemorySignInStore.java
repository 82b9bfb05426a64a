package org.linli.core.memory;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.linli.core.accounts.Account;
import org.linli.core.accounts.Message;
import org.linli.core.accounts.Phone;
import org.linli.core.accounts.SignInStore;

/** {@link SignInStore} in memory, with its outbox readable (tests). One lock. */
public final class InMemorySignInStore implements SignInStore {
  private record Code(String hash, Instant expiresAt, int wrong, boolean used) {}

  private final Map<String, List<Instant>> issuedAt = new HashMap<>();
  private final Map<String, Code> active = new HashMap<>();
  private final Map<String, Account> byPhone = new HashMap<>();
  private final Map<String, Phone> phones = new HashMap<>();

  /** What the outbox holds, oldest first. */
  public final List<Message> outbox = new ArrayList<>();

  @Override
  public synchronized Issued issued(String phoneHash, Instant since) {
    List<Instant> all =
        issuedAt.getOrDefault(phoneHash, List.of()).stream()
            .filter(t -> !t.isBefore(since))
            .toList();
    return new Issued(
        all.size(),
        all.isEmpty() ? null : all.get(0),
        all.isEmpty() ? null : all.get(all.size() - 1));
  }

  @Override
  public synchronized void issue(
      String phoneHash, String codeHash, Instant at, Instant expiresAt, Message m) {
    issuedAt.computeIfAbsent(phoneHash, k -> new ArrayList<>()).add(at);
    active.put(phoneHash, new Code(codeHash, expiresAt, 0, false));
    outbox.add(m);
  }

  @Override
  public synchronized Check check(String phoneHash, String codeHash, Instant now, int maxWrong) {
    Code c = active.get(phoneHash);
    if (c == null || c.used() || c.wrong() >= maxWrong || !now.isBefore(c.expiresAt())) {
      return Check.NONE;
    }
    if (!c.hash().equals(codeHash)) {
      active.put(phoneHash, new Code(c.hash(), c.expiresAt(), c.wrong() + 1, false));
      return Check.WRONG;
    }
    active.put(phoneHash, new Code(c.hash(), c.expiresAt(), c.wrong(), true));
    return Check.ACCEPTED;
  }

  @Override
  public synchronized Optional<Account> byPhone(String phoneHash) {
    return Optional.ofNullable(byPhone.get(phoneHash));
  }

  @Override
  public synchronized Account residentFor(
      String phoneHash, Phone phone, String newId, Instant now) {
    return byPhone.computeIfAbsent(
        phoneHash,
        k -> {
          phones.put(newId, phone);
          return Account.resident(newId);
        });
  }

  @Override
  public synchronized Optional<Account> byId(String id) {
    return byPhone.values().stream().filter(a -> a.id().equals(id)).findFirst();
  }

  @Override
  public synchronized Optional<Phone> phoneOf(String accountId) {
    return Optional.ofNullable(phones.get(accountId));
  }
}
