package org.linli.server.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.linli.core.accounts.Message;
import org.linli.core.accounts.Phone;
import org.linli.core.cases.CaseMessages;
import org.linli.core.cases.ReferralCase;
import org.linli.server.json.Json;

/**
 * The messages a case's last step sends ({@link CaseMessages}), put in the outbox in the same
 * transaction as the case document that records the step: stored exactly when the step is, and
 * once, because their ids are stable and a message already in the outbox is not added again (a
 * document written twice, or replayed after a crash). Recipients are read in that transaction too:
 * accounts' phones (sealed), providers' names.
 */
public final class CaseOutbox implements DocumentStore.WriteEffects {
  private final FieldCipher cipher;

  public CaseOutbox(FieldCipher cipher) {
    this.cipher = cipher;
  }

  @Override
  public void within(Connection c, String id, String json, Instant now) throws SQLException {
    ReferralCase rc = CaseCodec.decode(json);
    Directory directory = new Directory(c);
    List<Message> messages;
    try {
      messages = CaseMessages.of(rc, CaseMessages.lastStep(rc), directory);
    } catch (Lookup failed) {
      throw failed.cause;
    }
    for (Message m : messages) {
      if (!exists(c, m.messageId())) {
        OutboxRows.insert(c, m, cipher, now);
      }
    }
  }

  private static boolean exists(Connection c, String messageId) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM outbox WHERE message_id = ?")) {
      ps.setString(1, messageId);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next();
      }
    }
  }

  /** A failed lookup, carried through the directory's interface. */
  private static final class Lookup extends RuntimeException {
    private static final long serialVersionUID = 1L;
    final transient SQLException cause;

    Lookup(SQLException cause) {
      super(cause);
      this.cause = cause;
    }
  }

  /** Recipients in the database, read on the transaction's connection. */
  private final class Directory implements CaseMessages.Directory {
    private final Connection c;

    Directory(Connection c) {
      this.c = c;
    }

    @Override
    public Optional<Phone> residentPhone(String residentId) {
      List<Phone> p =
          phones(
              "SELECT id, phone_sealed FROM accounts WHERE id = ? AND disabled = FALSE",
              residentId);
      return p.isEmpty() ? Optional.empty() : Optional.of(p.get(0));
    }

    @Override
    public List<Phone> providerContacts(String providerId, String agencyId) {
      List<Phone> workers =
          phones(
              "SELECT id, phone_sealed FROM accounts WHERE provider_id = ? AND disabled = FALSE"
                  + " AND roles LIKE '%WORKER%' ORDER BY id",
              providerId);
      if (!workers.isEmpty() || agencyId == null) {
        return workers;
      }
      return phones(
          "SELECT id, phone_sealed FROM accounts WHERE agency_id = ? AND disabled = FALSE"
              + " AND roles LIKE '%AGENCY%' ORDER BY id",
          agencyId);
    }

    @Override
    public Optional<String> providerName(String providerId) {
      try (PreparedStatement ps = c.prepareStatement("SELECT doc FROM providers WHERE id = ?")) {
        ps.setString(1, providerId);
        try (ResultSet rs = ps.executeQuery()) {
          if (!rs.next()) {
            return Optional.empty();
          }
          String name = Json.parse(rs.getString(1)).path("name").asText("");
          return name.isBlank() ? Optional.empty() : Optional.of(name);
        }
      } catch (SQLException e) {
        throw new Lookup(e);
      }
    }

    @Override
    public List<Phone> dutyStaff(List<String> regionIds) {
      List<Phone> inScope = new ArrayList<>();
      List<Phone> unscoped = new ArrayList<>();
      try (PreparedStatement ps =
          c.prepareStatement(
              "SELECT id, phone_sealed, region_scope FROM accounts WHERE disabled = FALSE"
                  + " AND roles LIKE '%STAFF%' AND phone_sealed IS NOT NULL ORDER BY id")) {
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            Phone p =
                new Phone(cipher.open(rs.getString(2), "accounts/" + rs.getString(1) + "/phone"));
            String scope = rs.getString(3);
            if (scope == null || scope.isBlank()) {
              unscoped.add(p);
            } else if (java.util.Arrays.stream(scope.split(",")).anyMatch(regionIds::contains)) {
              inScope.add(p);
            }
          }
        }
      } catch (SQLException e) {
        throw new Lookup(e);
      }
      return inScope.isEmpty() ? unscoped : inScope;
    }

    private List<Phone> phones(String sql, String key) {
      List<Phone> out = new ArrayList<>();
      try (PreparedStatement ps = c.prepareStatement(sql)) {
        ps.setString(1, key);
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            String sealed = rs.getString(2);
            if (sealed != null) {
              out.add(new Phone(cipher.open(sealed, "accounts/" + rs.getString(1) + "/phone")));
            }
          }
        }
      } catch (SQLException e) {
        throw new Lookup(e);
      }
      return out;
    }
  }
}
