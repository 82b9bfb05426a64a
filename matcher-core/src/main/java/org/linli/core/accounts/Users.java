package org.linli.core.accounts;

import java.time.Clock;
import java.util.Collection;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.function.Function;
import java.util.function.Supplier;
import org.linli.core.Nullable;
import org.linli.core.access.Principal;
import org.linli.core.access.RegionScope;
import org.linli.core.access.Role;
import org.linli.core.error.ConflictException;
import org.linli.core.error.ForbiddenException;
import org.linli.core.error.NotFoundException;
import org.linli.core.error.Problems;
import org.linli.core.error.UnauthenticatedException;
import org.linli.core.provider.ProviderStore;

/**
 * Accounts with a username and password: an ADMIN manages every one; an AGENCY creates, lists,
 * disables and deletes the WORKER accounts of its own agency, each tied to one of its providers.
 * Residents' accounts come from signing in by phone; an ADMIN may disable them too. A change to an
 * account's roles, a disabled or deleted account, and a new password sign out every session it had.
 * An account outside what the caller manages does not exist for it (404). Blocking steps run on
 * {@code blocking}. Thread-safe.
 */
public final class Users {
  /** Shortest password. */
  public static final int MIN_PASSWORD = 12;

  /** A username: 3 to 64 of lower-case letters, digits and {@code . _ @ -}. */
  public static final String USERNAME = "[a-z0-9][a-z0-9._@-]{2,63}";

  /** What a new account is to be. */
  public record NewUser(
      String username,
      String password,
      Set<Role> roles,
      @Nullable String agencyId,
      @Nullable String providerId,
      List<String> regionScope,
      @Nullable String phone) {}

  /** What a change sets; null leaves a field as it is. */
  public record Change(
      @Nullable Set<Role> roles, @Nullable Boolean disabled, @Nullable String password) {}

  private final UserStore store;
  private final PasswordHasher hasher;
  private final Function<Collection<String>, Map<String, ProviderStore.Owner>> owners;
  private final AccountSessions sessions;
  private final Clock clock;
  private final Executor blocking;
  private final Supplier<String> newId;

  /**
   * @param owners the agencies of the providers with the given ids that exist ({@link
   *     ProviderStore#owners})
   * @param sessions signs changed accounts out
   */
  public Users(
      UserStore store,
      PasswordHasher hasher,
      Function<Collection<String>, Map<String, ProviderStore.Owner>> owners,
      AccountSessions sessions,
      Clock clock,
      Executor blocking) {
    this(store, hasher, owners, sessions, clock, blocking, Users::randomId);
  }

  Users(
      UserStore store,
      PasswordHasher hasher,
      Function<Collection<String>, Map<String, ProviderStore.Owner>> owners,
      AccountSessions sessions,
      Clock clock,
      Executor blocking,
      Supplier<String> newId) {
    this.store = store;
    this.hasher = hasher;
    this.owners = owners;
    this.sessions = sessions;
    this.clock = clock;
    this.blocking = blocking;
    this.newId = newId;
  }

  /** Account ids as Linli makes them: {@code u-} and 32 random hex digits. */
  public static String randomId() {
    return "u-" + UUID.randomUUID().toString().replace("-", "");
  }

  /**
   * Creates an account: 400 naming every problem, 403 for what the caller may not create, 409 for a
   * username taken.
   */
  public CompletionStage<User> create(Principal caller, NewUser request) {
    return async(
        () -> {
          boolean admin = requireManager(caller);
          User u = validated(request, caller, admin);
          if (!store.create(u, hasher.hash(request.password()))) {
            throw new ConflictException(
                "the username \"" + u.username() + "\" is taken; choose another");
          }
          return u;
        });
  }

  /**
   * The first ADMIN (or any account) made on the server itself, by the {@code create-user} command:
   * checked like {@link #create}, without a caller. Blocking.
   */
  public User bootstrap(NewUser request) {
    User u = validated(request, null, true);
    if (!store.create(u, hasher.hash(request.password()))) {
      throw new ConflictException("the username \"" + u.username() + "\" is taken");
    }
    return u;
  }

  /** The account {@code id}, if the caller manages it; else 404. */
  public CompletionStage<User> get(Principal caller, String id) {
    return async(() -> managed(caller, id));
  }

  /** The accounts with a username the caller manages: all (ADMIN), its workers' (AGENCY). */
  public CompletionStage<List<User>> list(Principal caller) {
    return async(
        () -> {
          boolean admin = requireManager(caller);
          return store.users(admin ? null : caller.agencyId());
        });
  }

  /**
   * Changes roles, {@code disabled} or the password of an account the caller manages; a change
   * signs out its sessions. An AGENCY may disable and enable its workers and set their password,
   * but give them no other role.
   */
  public CompletionStage<User> update(Principal caller, String id, Change change) {
    return async(
        () -> {
          boolean admin = requireManager(caller);
          User u = managed(caller, id);
          Problems p = new Problems();
          Set<Role> roles = u.account().roles();
          if (change.roles() != null) {
            roles = change.roles();
            p.require(!roles.isEmpty(), "roles", "give at least one role");
            if (!admin) {
              p.require(
                  roles.equals(Set.of(Role.WORKER)),
                  "roles",
                  "an agency's accounts are WORKER accounts");
            }
            boolean resident = u.account().roles().contains(Role.RESIDENT);
            p.require(
                resident == roles.contains(Role.RESIDENT),
                "roles",
                "RESIDENT comes with signing in by phone: it can be neither given nor taken away");
          }
          if (change.password() != null) {
            password(p, change.password(), u.username());
            p.require(u.username() != null, "password", "this account signs in by phone");
          }
          p.throwIfAny();
          boolean disabled = change.disabled() != null ? change.disabled() : u.account().disabled();
          if (!store.update(
              id,
              roles,
              disabled,
              change.password() != null ? hasher.hash(change.password()) : null)) {
            throw new NotFoundException("account " + id);
          }
          if (!roles.equals(u.account().roles())
              || (disabled && !u.account().disabled())
              || change.password() != null) {
            sessions.revokeAll(id);
          }
          return store.user(id).orElseThrow(() -> new NotFoundException("account " + id));
        });
  }

  /** Deletes an account the caller manages and signs out its sessions. */
  public CompletionStage<Void> delete(Principal caller, String id) {
    return async(
        () -> {
          requireManager(caller);
          managed(caller, id);
          if (Objects.equals(caller.subject(), id)) {
            throw new ConflictException("you cannot delete your own account");
          }
          sessions.revokeAll(id);
          store.delete(id);
          return null;
        });
  }

  /** ADMIN (true) or an AGENCY with an agency (false); else 401/403. */
  private static boolean requireManager(Principal caller) {
    if (caller.isAnonymous()) {
      throw new UnauthenticatedException("managing accounts needs an ADMIN's or AGENCY's token");
    }
    if (caller.has(Role.ADMIN)) {
      return true;
    }
    if (caller.has(Role.AGENCY) && caller.agencyId() != null) {
      return false;
    }
    throw new ForbiddenException(
        "only ADMIN, or an AGENCY for its own workers, may manage accounts");
  }

  /** The account {@code id} if the caller manages it: any (ADMIN), its own WORKERs' (AGENCY). */
  private User managed(Principal caller, String id) {
    boolean admin = requireManager(caller);
    Optional<User> u = store.user(id);
    if (u.isEmpty()
        || (!admin
            && !(u.get().account().roles().equals(Set.of(Role.WORKER))
                && Objects.equals(u.get().account().agencyId(), caller.agencyId())))) {
      throw new NotFoundException("account " + id);
    }
    return u.get();
  }

  /** {@code r} checked as a new account made by {@code caller} (null: the server itself). */
  private User validated(NewUser r, @Nullable Principal caller, boolean admin) {
    Problems p = new Problems();
    String username = r.username() == null ? "" : PasswordSignIn.normalise(r.username());
    p.require(
        username.matches(USERNAME),
        "username",
        "a username is 3 to 64 letters, digits, '.', '_', '@' or '-', starting with a letter or"
            + " digit");
    password(p, r.password(), username);
    Set<Role> roles = r.roles() == null ? Set.of() : r.roles();
    p.require(!roles.isEmpty(), "roles", "give at least one role: WORKER, AGENCY, STAFF or ADMIN");
    p.require(
        !roles.contains(Role.RESIDENT),
        "roles",
        "residents sign in with their phone; their accounts are made at their first sign-in");
    String agencyId = r.agencyId();
    if (caller != null && !admin) {
      p.require(
          roles.equals(Set.of(Role.WORKER)), "roles", "an agency creates WORKER accounts only");
      if (agencyId == null) {
        agencyId = caller.agencyId();
      }
      p.require(
          Objects.equals(agencyId, caller.agencyId()),
          "agencyId",
          "an agency creates accounts of its own agency (" + caller.agencyId() + ")");
    }
    boolean needsAgency = roles.contains(Role.WORKER) || roles.contains(Role.AGENCY);
    p.require(
        !needsAgency || (agencyId != null && !agencyId.isBlank()),
        "agencyId",
        "WORKER and AGENCY accounts belong to an agency: give agencyId");
    p.require(
        needsAgency || agencyId == null, "agencyId", "only WORKER and AGENCY accounts have one");
    String providerId = r.providerId();
    p.require(
        !roles.contains(Role.WORKER) || providerId != null,
        "providerId",
        "a WORKER account is a provider's: give providerId");
    p.require(
        roles.contains(Role.WORKER) || providerId == null,
        "providerId",
        "only WORKER accounts have one");
    List<String> given = r.regionScope() == null ? List.of() : r.regionScope();
    p.require(
        given.isEmpty() || roles.contains(Role.STAFF),
        "regionScope",
        "only STAFF accounts have a region scope");
    List<String> scope =
        Objects.requireNonNullElse(
            p.attempt("", () -> RegionScope.parse(given, "regionScope")), List.<String>of());
    String phoneText = r.phone();
    Phone phone = phoneText == null ? null : p.attempt("", () -> Phone.parse(phoneText));
    p.throwIfAny();
    if (providerId != null) {
      Map<String, ProviderStore.Owner> owner = owners.apply(Set.of(providerId));
      ProviderStore.Owner o = owner.get(providerId);
      p.require(o != null, "providerId", "there is no provider " + providerId);
      p.require(
          o == null || Objects.equals(o.agencyId(), agencyId),
          "providerId",
          "provider " + providerId + " is not one of agency " + agencyId + "'s");
      p.throwIfAny();
    }
    Set<Role> copy = EnumSet.copyOf(roles);
    Account account = new Account(newId.get(), copy, agencyId, providerId, scope, false);
    return new User(account, username, phone, clock.instant());
  }

  private static void password(Problems p, @Nullable String password, @Nullable String username) {
    if (password == null) {
      p.add("password", "the password is required");
      return;
    }
    p.require(
        password.length() >= MIN_PASSWORD,
        "password",
        "a password is at least "
            + MIN_PASSWORD
            + " characters; a short sentence is easy to"
            + " remember");
    p.require(
        password.length() <= PasswordSignIn.MAX_PASSWORD,
        "password",
        "a password is at most " + PasswordSignIn.MAX_PASSWORD + " characters");
    p.require(
        username == null
            || username.isEmpty()
            || !password.toLowerCase(java.util.Locale.ROOT).contains(username),
        "password",
        "the password must not contain the username");
  }

  private <T> CompletionStage<T> async(Supplier<T> work) {
    return CompletableFuture.supplyAsync(work, blocking);
  }
}
