package org.linli.server.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.linli.core.access.Role;
import org.linli.core.accounts.Account;
import org.linli.core.accounts.Message;
import org.linli.core.accounts.Phone;
import org.linli.core.accounts.SignInStore;
import org.linli.core.error.UnavailableException;

/**
 * The {@link SignInStore} in the database: tables {@code accounts}, {@code otp_codes}, {@code
 * otp_issued} and {@code outbox}. Phones are kept sealed ({@link FieldCipher}) and found by their
 * keyed hash; codes only as keyed hashes. Every method is one transaction; any member may serve any
 * phone. Blocking.
 */
public final class JdbcSignInStore implements SignInStore {
  private static final String ACCOUNT_COLUMNS =
      "id, roles, agency_id, provider_id, region_scope, disabled";

  private final Database db;
  private final FieldCipher cipher;

  public JdbcSignInStore(Database db, FieldCipher cipher) {
    this.db = db;
    this.cipher = cipher;
  }

  @Override
  public Issued issued(String phoneHash, Instant since) {
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
              return new Issued(
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
          try (PreparedStatement del =
              c.prepareStatement("DELETE FROM otp_codes WHERE phone_hash = ?")) {
            del.setString(1, phoneHash);
            del.executeUpdate();
          }
          try (PreparedStatement ins =
              c.prepareStatement(
                  "INSERT INTO otp_codes (phone_hash, code_hash, expires_at, wrong, used)"
                      + " VALUES (?, ?, ?, 0, FALSE)")) {
            ins.setString(1, phoneHash);
            ins.setString(2, codeHash);
            ins.setLong(3, expiresAt.toEpochMilli());
            ins.executeUpdate();
          }
          try (PreparedStatement log =
              c.prepareStatement("INSERT INTO otp_issued (phone_hash, issued_at) VALUES (?, ?)")) {
            log.setString(1, phoneHash);
            log.setLong(2, now.toEpochMilli());
            log.executeUpdate();
          }
          OutboxRows.insert(c, message, cipher, now);
          return null;
        });
  }

  @Override
  public Check check(String phoneHash, String codeHash, Instant now, int maxWrongTries) {
    return write(
        "check a code",
        c -> {
          try (PreparedStatement use =
              c.prepareStatement(
                  "UPDATE otp_codes SET used = TRUE WHERE phone_hash = ? AND code_hash = ?"
                      + " AND used = FALSE AND wrong < ? AND expires_at > ?")) {
            use.setString(1, phoneHash);
            use.setString(2, codeHash);
            use.setInt(3, maxWrongTries);
            use.setLong(4, now.toEpochMilli());
            if (use.executeUpdate() == 1) {
              return Check.ACCEPTED;
            }
          }
          try (PreparedStatement wrong =
              c.prepareStatement(
                  "UPDATE otp_codes SET wrong = wrong + 1 WHERE phone_hash = ? AND used = FALSE"
                      + " AND wrong < ? AND expires_at > ?")) {
            wrong.setString(1, phoneHash);
            wrong.setInt(2, maxWrongTries);
            wrong.setLong(3, now.toEpochMilli());
            return wrong.executeUpdate() == 1 ? Check.WRONG : Check.NONE;
          }
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
          c -> {
            try (PreparedStatement ps =
                c.prepareStatement(
                    "INSERT INTO accounts (id, phone_hash, phone_sealed, roles, agency_id,"
                        + " provider_id, region_scope, disabled, created_at)"
                        + " VALUES (?, ?, ?, ?, NULL, NULL, '', FALSE, ?)")) {
              ps.setString(1, newId);
              ps.setString(2, phoneHash);
              ps.setString(3, cipher.seal(phone.digits(), "accounts/" + newId + "/phone"));
              ps.setString(4, Role.RESIDENT.name());
              ps.setString(5, now.toString());
              ps.executeUpdate();
            }
            return null;
          });
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

  private static Optional<Account> account(Connection c, String sql, String key)
      throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setString(1, key);
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next()) {
          return Optional.empty();
        }
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
        return Optional.of(
            new Account(
                rs.getString(1),
                roles,
                rs.getString(3),
                rs.getString(4),
                regions,
                rs.getBoolean(6)));
      }
    }
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
