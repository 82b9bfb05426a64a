package org.linli.server.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.linli.core.access.Role;
import org.linli.core.accounts.Account;
import org.linli.core.accounts.Message;
import org.linli.core.accounts.Phone;
import org.linli.core.accounts.SignInStore;
import org.linli.core.accounts.User;
import org.linli.core.accounts.UserStore;
import org.linli.core.error.UnavailableException;

/**
 * Accounts and signing in, in the database: the {@link SignInStore} of residents (tables {@code
 * accounts}, {@code otp_codes}, {@code otp_issued} and {@code outbox}) and the {@link UserStore} of
 * password accounts ({@code accounts}, {@code sign_in_failures}, {@code sessions}). Phones are kept
 * sealed ({@link FieldCipher}) and a resident's found by its keyed hash; codes only as keyed
 * hashes, passwords only as Argon2id hashes. Every method is one transaction; any member may serve
 * any account. Blocking.
 */
public final class JdbcSignInStore implements SignInStore, UserStore {
  private static final String ACCOUNT_COLUMNS =
      "id, roles, agency_id, provider_id, region_scope, disabled";

  private final Database db;
  private final FieldCipher cipher;

  public JdbcSignInStore(Database db, FieldCipher cipher) {
    this.db = db;
    this.cipher = cipher;
  }

  /** The database this store writes to. */
  public Database database() {
    return db;
  }

  @Override
  public SignInStore.Issued issued(String phoneHash, Instant since) {
    return read(
        "count the codes sent to a phone",
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement(
                  "SELECT COUNT(*), MIN(issued_at), MAX(issued_at) FROM otp_issued"
                      + " WHERE phone_hash = ? AND issued_at >= ?")) {
            ps.setString(1, phoneHash);
            ps.setLong(2, since.toEpochMilli());
            try (ResultSet rs = ps.executeQuery()) {
              rs.next();
              int n = rs.getInt(1);
              return new SignInStore.Issued(
                  n,
                  n == 0 ? null : Instant.ofEpochMilli(rs.getLong(2)),
                  n == 0 ? null : Instant.ofEpochMilli(rs.getLong(3)));
            }
          }
        });
  }

  @Override
  public void issue(
      String phoneHash, String codeHash, Instant now, Instant expiresAt, Message message) {
    write(
        "issue a code",
        c -> {
          exec(c, "DELETE FROM otp_codes WHERE phone_hash = ?", phoneHash);
          exec(
              c,
              "INSERT INTO otp_codes (phone_hash, code_hash, expires_at, wrong, used)"
                  + " VALUES (?, ?, ?, 0, FALSE)",
              phoneHash,
              codeHash,
              expiresAt.toEpochMilli());
          exec(
              c,
              "INSERT INTO otp_issued (phone_hash, issued_at) VALUES (?, ?)",
              phoneHash,
              now.toEpochMilli());
          OutboxRows.insert(c, message, cipher, now);
          return null;
        });
  }

  @Override
  public Check check(String phoneHash, String codeHash, Instant now, int maxWrongTries) {
    return write(
        "check a code",
        c -> {
          if (exec(
                  c,
                  "UPDATE otp_codes SET used = TRUE WHERE phone_hash = ? AND code_hash = ?"
                      + " AND used = FALSE AND wrong < ? AND expires_at > ?",
                  phoneHash,
                  codeHash,
                  maxWrongTries,
                  now.toEpochMilli())
              == 1) {
            return Check.ACCEPTED;
          }
          return exec(
                      c,
                      "UPDATE otp_codes SET wrong = wrong + 1 WHERE phone_hash = ? AND used = FALSE"
                          + " AND wrong < ? AND expires_at > ?",
                      phoneHash,
                      maxWrongTries,
                      now.toEpochMilli())
                  == 1
              ? Check.WRONG
              : Check.NONE;
        });
  }

  @Override
  public Optional<Account> byPhone(String phoneHash) {
    return read(
        "find an account",
        c ->
            account(
                c, "SELECT " + ACCOUNT_COLUMNS + " FROM accounts WHERE phone_hash = ?", phoneHash));
  }

  @Override
  public Account residentFor(String phoneHash, Phone phone, String newId, Instant now) {
    Optional<Account> existing = byPhone(phoneHash);
    if (existing.isPresent()) {
      return existing.get();
    }
    try {
      write(
          "create an account",
          c ->
              exec(
                  c,
                  "INSERT INTO accounts (id, phone_hash, phone_sealed, roles, agency_id,"
                      + " provider_id, region_scope, disabled, created_at)"
                      + " VALUES (?, ?, ?, ?, NULL, NULL, '', FALSE, ?)",
                  newId,
                  phoneHash,
                  cipher.seal(phone.digits(), "accounts/" + newId + "/phone"),
                  Role.RESIDENT.name(),
                  now.toString()));
    } catch (UnavailableException e) {
      // Another first sign-in of the same phone won (a unique key): use its account.
      Optional<Account> winner = byPhone(phoneHash);
      if (winner.isPresent()) {
        return winner.get();
      }
      throw e;
    }
    return byPhone(phoneHash).orElseThrow();
  }

  @Override
  public Optional<Account> byId(String id) {
    return read(
        "find an account",
        c -> account(c, "SELECT " + ACCOUNT_COLUMNS + " FROM accounts WHERE id = ?", id));
  }

  @Override
  public Optional<Phone> phoneOf(String accountId) {
    return read(
        "find an account's phone",
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement("SELECT phone_sealed FROM accounts WHERE id = ?")) {
            ps.setString(1, accountId);
            try (ResultSet rs = ps.executeQuery()) {
              if (!rs.next() || rs.getString(1) == null) {
                return Optional.empty();
              }
              return Optional.of(
                  new Phone(cipher.open(rs.getString(1), "accounts/" + accountId + "/phone")));
            }
          }
        });
  }

  // --- password accounts (UserStore) ---

  private static final String USER_COLUMNS =
      ACCOUNT_COLUMNS + ", username, phone_sealed, created_at, password_hash";

  @Override
  public Optional<Credentials> credentials(String username) {
    return read(
        "find an account",
        c ->
            rows(
                    c,
                    "SELECT " + USER_COLUMNS + " FROM accounts WHERE username = ?",
                    rs -> new Credentials(account(rs), rs.getString(10)),
                    username)
                .stream()
                .filter(x -> x.passwordHash() != null)
                .findFirst());
  }

  @Override
  public List<Instant> failures(String nameHash, Instant since) {
    return read(
        "count failed sign-ins",
        c ->
            rows(
                c,
                "SELECT failed_at FROM sign_in_failures WHERE name_hash = ? AND failed_at >= ?"
                    + " ORDER BY failed_at",
                rs -> Instant.ofEpochMilli(rs.getLong(1)),
                nameHash,
                since.toEpochMilli()));
  }

  @Override
  public void recordFailure(String nameHash, Instant at) {
    write(
        "record a failed sign-in",
        c -> {
          // What no lockout window reaches any more.
          exec(
              c,
              "DELETE FROM sign_in_failures WHERE failed_at < ?",
              at.minus(java.time.Duration.ofDays(1)).toEpochMilli());
          return exec(
              c,
              "INSERT INTO sign_in_failures (name_hash, failed_at) VALUES (?, ?)",
              nameHash,
              at.toEpochMilli());
        });
  }

  @Override
  public void clearFailures(String nameHash) {
    write(
        "forget failed sign-ins",
        c -> exec(c, "DELETE FROM sign_in_failures WHERE name_hash = ?", nameHash));
  }

  @Override
  public boolean create(User user, String passwordHash) {
    Account a = user.account();
    try {
      write(
          "create an account",
          c ->
              exec(
                  c,
                  "INSERT INTO accounts (id, phone_hash, phone_sealed, roles, agency_id,"
                      + " provider_id, region_scope, disabled, created_at, username,"
                      + " password_hash) VALUES (?, NULL, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                  a.id(),
                  user.phone() == null
                      ? null
                      : cipher.seal(user.phone().digits(), "accounts/" + a.id() + "/phone"),
                  roles(a.roles()),
                  a.agencyId(),
                  a.providerId(),
                  String.join(",", a.regionScope()),
                  a.disabled(),
                  user.createdAt().toString(),
                  user.username(),
                  passwordHash));
      return true;
    } catch (UnavailableException e) {
      if (credentials(Objects.requireNonNull(user.username(), "username")).isPresent()) {
        return false; // the unique username: taken, by an earlier or a concurrent create
      }
      throw e;
    }
  }

  @Override
  public Optional<User> user(String id) {
    return read(
        "find an account",
        c ->
            rows(c, "SELECT " + USER_COLUMNS + " FROM accounts WHERE id = ?", this::user, id)
                .stream()
                .findFirst());
  }

  @Override
  public List<User> users(String agencyId) {
    String sql = "SELECT " + USER_COLUMNS + " FROM accounts WHERE username IS NOT NULL";
    return read(
        "list accounts",
        c ->
            agencyId == null
                ? rows(c, sql + " ORDER BY username", this::user)
                : rows(c, sql + " AND agency_id = ? ORDER BY username", this::user, agencyId));
  }

  @Override
  public boolean update(String id, Set<Role> roles, boolean disabled, String passwordHash) {
    return write(
        "change an account",
        c ->
            exec(
                    c,
                    "UPDATE accounts SET roles = ?, disabled = ?,"
                        + " password_hash = COALESCE(?, password_hash) WHERE id = ?",
                    roles(roles),
                    disabled,
                    passwordHash,
                    id)
                == 1);
  }

  @Override
  public boolean delete(String id) {
    return write(
        "delete an account",
        c -> {
          exec(c, "DELETE FROM sessions WHERE account_id = ?", id);
          return exec(c, "DELETE FROM accounts WHERE id = ?", id) == 1;
        });
  }

  @Override
  public void recordSession(String accountId, String jti, Instant expiresAt) {
    write(
        "record a session",
        c -> {
          exec(
              c,
              "DELETE FROM sessions WHERE account_id = ? AND expires_at <= ?",
              accountId,
              System.currentTimeMillis());
          return exec(
              c,
              "INSERT INTO sessions (jti, account_id, expires_at) VALUES (?, ?, ?)",
              jti,
              accountId,
              expiresAt.toEpochMilli());
        });
  }

  @Override
  public List<SessionRef> sessions(String accountId, Instant now) {
    return read(
        "list an account's sessions",
        c ->
            rows(
                c,
                "SELECT jti, expires_at FROM sessions WHERE account_id = ? AND expires_at > ?"
                    + " ORDER BY expires_at, jti",
                rs -> new SessionRef(rs.getString(1), Instant.ofEpochMilli(rs.getLong(2))),
                accountId,
                now.toEpochMilli()));
  }

  /** Runs {@code sql} with {@code params}; answers how many rows it changed. */
  private static int exec(Connection c, String sql, Object... params) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      bind(ps, params);
      return ps.executeUpdate();
    }
  }

  /** Binds text, numbers and booleans in order; a null is a text column's NULL. */
  private static void bind(PreparedStatement ps, Object... params) throws SQLException {
    for (int i = 0; i < params.length; i++) {
      if (params[i] == null) {
        ps.setNull(i + 1, java.sql.Types.VARCHAR);
      } else {
        ps.setObject(i + 1, params[i]);
      }
    }
  }

  /** Reads one row of a result. */
  private interface Row<T> {
    T read(ResultSet rs) throws SQLException;
  }

  /** The rows {@code sql} finds with {@code params} (text or numbers), each read by {@code row}. */
  private static <T> List<T> rows(Connection c, String sql, Row<T> row, Object... params)
      throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      bind(ps, params);
      List<T> out = new ArrayList<>();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(row.read(rs));
        }
      }
      return out;
    }
  }

  private User user(ResultSet rs) throws SQLException {
    Account a = account(rs);
    String sealed = rs.getString(8);
    return new User(
        a,
        rs.getString(7),
        sealed == null ? null : new Phone(cipher.open(sealed, "accounts/" + a.id() + "/phone")),
        Instant.parse(rs.getString(9)));
  }

  private static String roles(Set<Role> roles) {
    return roles.stream().map(Role::name).sorted().collect(Collectors.joining(","));
  }

  private static Optional<Account> account(Connection c, String sql, String key)
      throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setString(1, key);
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next()) {
          return Optional.empty();
        }
        return Optional.of(account(rs));
      }
    }
  }

  /** The account of the current row, whose first columns are {@link #ACCOUNT_COLUMNS}. */
  private static Account account(ResultSet rs) throws SQLException {
    Set<Role> roles = EnumSet.noneOf(Role.class);
    for (String r : rs.getString(2).split(",")) {
      if (!r.isBlank()) {
        roles.add(Role.valueOf(r.trim()));
      }
    }
    String scope = rs.getString(5);
    List<String> regions =
        scope == null || scope.isBlank()
            ? List.of()
            : Arrays.stream(scope.split(",")).map(String::trim).collect(Collectors.toList());
    return new Account(
        rs.getString(1), roles, rs.getString(3), rs.getString(4), regions, rs.getBoolean(6));
  }

  /** One unit of work on a connection. */
  private interface Work<T> {
    T run(Connection c) throws SQLException;
  }

  private <T> T read(String what, Work<T> work) {
    try (Connection c = db.connection()) {
      return work.run(c);
    } catch (SQLException e) {
      throw new UnavailableException(
          "store-unavailable", "The durable store could not " + what + "; retry shortly.");
    }
  }

  private <T> T write(String what, Work<T> work) {
    try (Connection c = db.connection()) {
      c.setAutoCommit(false);
      try {
        T out = work.run(c);
        c.commit();
        return out;
      } catch (SQLException | RuntimeException e) {
        c.rollback();
        throw e;
      }
    } catch (SQLException e) {
      throw new UnavailableException(
          "store-unavailable", "The durable store could not " + what + "; retry shortly.");
    }
  }
}
