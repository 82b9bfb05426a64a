package org.linli.server.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.linli.core.cases.CaseReads;
import org.linli.core.error.UnavailableException;

/**
 * The durable record of STAFF reads of cases (who, when, which case, what). A read is recorded
 * before it is answered; when the record cannot be written the read is refused (503), so no read
 * goes unrecorded. Blocking: call it on a worker. Thread-safe.
 */
public final class ReadAudit implements CaseReads {
  /** One recorded read. */
  public record Read(String caseId, String reader, String what, java.time.Instant at) {}

  private final Database db;
  private final Clock clock;

  public ReadAudit(Database db, Clock clock) {
    this.db = db;
    this.clock = clock;
  }

  @Override
  public void record(String caseId, String reader, String what) {
    try (Connection c = db.connection();
        PreparedStatement ps =
            c.prepareStatement(
                "INSERT INTO case_reads (case_id, reader, what, read_at) VALUES (?, ?, ?, ?)")) {
      ps.setString(1, caseId);
      ps.setString(2, reader);
      ps.setString(3, what);
      ps.setTimestamp(4, Timestamp.from(clock.instant()));
      ps.executeUpdate();
    } catch (SQLException e) {
      throw new UnavailableException(
          DocumentStore.STORE_UNAVAILABLE,
          "The read could not be recorded in the audit log, so it is refused; retry shortly.");
    }
  }

  /** The recorded reads of {@code caseId}, oldest first. */
  public List<Read> readsOf(String caseId) {
    List<Read> out = new ArrayList<>();
    try (Connection c = db.connection();
        PreparedStatement ps =
            c.prepareStatement(
                "SELECT case_id, reader, what, read_at FROM case_reads WHERE case_id = ? ORDER BY id")) {
      ps.setString(1, caseId);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(
              new Read(
                  rs.getString(1),
                  rs.getString(2),
                  rs.getString(3),
                  rs.getTimestamp(4).toInstant()));
        }
      }
    } catch (SQLException e) {
      throw new UnavailableException(
          DocumentStore.STORE_UNAVAILABLE, "The audit log cannot be read now.");
    }
    return out;
  }
}
