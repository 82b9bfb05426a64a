package org.linli.server.store;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import org.linli.core.accounts.Message;
import org.linli.server.json.Json;

/**
 * The outbox's rows: a {@link Message} is written sealed (recipient, parameters and text) inside
 * the caller's transaction, so it is stored exactly when what caused it is.
 */
public final class OutboxRows {
  private OutboxRows() {}

  /** Adds {@code m}, due at once, to the outbox in {@code c}'s transaction. */
  public static void insert(Connection c, Message m, FieldCipher cipher, Instant now)
      throws SQLException {
    ObjectNode body = Json.object().put("text", m.text());
    ObjectNode params = body.putObject("params");
    m.params().forEach(params::put);
    try (PreparedStatement ps =
        c.prepareStatement(
            "INSERT INTO outbox (message_id, channel, template, to_sealed, body_sealed, created_at,"
                + " attempts, next_at, delivered_at, given_up) VALUES (?, ?, ?, ?, ?, ?, 0, ?, NULL,"
                + " FALSE)")) {
      ps.setString(1, m.messageId());
      ps.setString(2, m.channel());
      ps.setString(3, m.template());
      ps.setString(4, cipher.seal(m.to(), where(m.messageId(), "to")));
      ps.setString(5, cipher.seal(Json.write(body), where(m.messageId(), "body")));
      ps.setLong(6, now.toEpochMilli());
      ps.setLong(7, now.toEpochMilli());
      ps.executeUpdate();
    }
  }

  static String where(String messageId, String field) {
    return "outbox/" + messageId + "/" + field;
  }
}
