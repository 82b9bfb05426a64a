package org.linli.server.auth;

import com.hazelcast.replicatedmap.ReplicatedMap;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.util.concurrent.TimeUnit;
import org.linli.core.error.UnavailableException;
import org.linli.server.store.Database;

/**
 * Tokens signed out before they expire, by {@code jti}: written to the database (so a restart of
 * the whole cluster keeps them) and to a Hazelcast replicated map, which every member holds whole,
 * so that checking a token reads local memory. An entry lives until the token would have expired.
 * Until {@link #attach}, nothing is revoked and {@link #revoke} fails with 503. Thread-safe.
 */
public final class Revocations implements org.linli.core.accounts.TokenRevoker {
  private final Database db;
  private final Clock clock;
  private volatile ReplicatedMap<String, Long> revoked;

  public Revocations(Database db, Clock clock) {
    this.db = db;
    this.clock = clock;
  }

  /**
   * Serves from {@code map}, first putting into it the revocations the database holds that have not
   * expired (every member does; the puts are idempotent). Blocking.
   */
  public void attach(ReplicatedMap<String, Long> map) {
    long now = clock.millis();
    try (Connection c = db.connection()) {
      try (PreparedStatement del =
          c.prepareStatement("DELETE FROM revoked_tokens WHERE expires_at <= ?")) {
        del.setLong(1, now);
        del.executeUpdate();
      }
      try (PreparedStatement ps = c.prepareStatement("SELECT jti, expires_at FROM revoked_tokens");
          ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          put(map, rs.getString(1), rs.getLong(2), now);
        }
      }
    } catch (SQLException e) {
      throw new UnavailableException(
          "store-unavailable", "The durable store could not list revoked tokens: " + e);
    }
    this.revoked = map;
  }

  /** Whether the token {@code jti} was signed out. Reads local memory. */
  public boolean isRevoked(String jti) {
    ReplicatedMap<String, Long> m = revoked;
    return m != null && m.containsKey(jti);
  }

  @Override
  public void revoke(String jti, java.time.Instant expiresAt) {
    revoke(jti, expiresAt.toEpochMilli());
  }

  /** Signs token {@code jti}, which expires at {@code expiresAtMillis}, out on every member. */
  public void revoke(String jti, long expiresAtMillis) {
    ReplicatedMap<String, Long> m = revoked;
    if (m == null) {
      throw new UnavailableException("loading", "Linli is still starting; retry shortly.");
    }
    long now = clock.millis();
    if (expiresAtMillis <= now) {
      return; // expired already: nothing to remember
    }
    try (Connection c = db.connection();
        PreparedStatement ps =
            c.prepareStatement(
                "INSERT INTO revoked_tokens (jti, expires_at) SELECT ?, ? WHERE NOT EXISTS"
                    + " (SELECT 1 FROM revoked_tokens WHERE jti = ?)")) {
      ps.setString(1, jti);
      ps.setLong(2, expiresAtMillis);
      ps.setString(3, jti);
      ps.executeUpdate();
    } catch (SQLException e) {
      throw new UnavailableException(
          "store-unavailable",
          "The durable store could not record the sign-out; nothing changed. Retry shortly.");
    }
    put(m, jti, expiresAtMillis, now);
  }

  private static void put(ReplicatedMap<String, Long> m, String jti, long expires, long now) {
    m.put(jti, expires, Math.max(1, expires - now), TimeUnit.MILLISECONDS);
  }
}
