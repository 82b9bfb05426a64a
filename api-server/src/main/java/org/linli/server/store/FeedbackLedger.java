package org.linli.server.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.function.Consumer;
import org.linli.core.error.ConflictException;
import org.linli.core.error.UnavailableException;
import org.linli.core.feedback.Feedback;
import org.linli.core.feedback.HashChain;
import org.linli.core.feedback.Ledger;
import org.linli.core.rating.Dimension;
import org.linli.core.rating.RatingTally;

/**
 * The feedback ledger in the durable store ({@code feedback}, {@code feedback_head}). An append
 * locks the head row ({@code SELECT … FOR UPDATE}), so appends from every thread of every member
 * form one chain, in commit order; the case's unique key makes a second feedback for a case fail
 * whoever sends it. Verification and export read the database, never memory. Blocking: call it on a
 * worker. Thread-safe.
 */
public final class FeedbackLedger implements Ledger {

  private static final String COLUMNS =
      "seq, feedback_id, case_id, provider_id, agency_id, rating, timeliness,"
          + " professionalism, attitude, outcome, comment, created_at, prev_hash, hash";
  private static final String UNIQUE_VIOLATION = "23505";
  private static final int CHUNK = 1_000;

  private final Database db;
  private final Clock clock;

  public FeedbackLedger(Database db, Clock clock) {
    this.db = db;
    this.clock = clock;
  }

  /**
   * Appends {@code d} as the next entry and commits it.
   *
   * @throws org.linli.core.error.InvalidInputException when the rating is not valid
   * @throws ConflictException when the case already has feedback
   * @throws UnavailableException when the store cannot be written
   */
  @Override
  public HashChain.Link append(Draft d) {
    Feedback.validate(d.rating(), d.dimensions(), d.comment());
    try (Connection c = db.connection()) {
      if (hasFeedback(c, d.caseId())) {
        throw alreadyRated(d.caseId());
      }
      boolean auto = c.getAutoCommit();
      c.setAutoCommit(false);
      try {
        long seq;
        String prev;
        try (PreparedStatement ps =
                c.prepareStatement("SELECT seq, hash FROM feedback_head WHERE id = 1 FOR UPDATE");
            ResultSet rs = ps.executeQuery()) {
          if (!rs.next()) {
            throw new SQLException("feedback_head has no row");
          }
          seq = rs.getLong(1) + 1;
          prev = rs.getString(2);
        }
        Feedback f =
            new Feedback(
                seq,
                "f" + seq,
                d.caseId(),
                d.providerId(),
                d.agencyId(),
                d.rating(),
                d.dimensions(),
                d.comment(),
                Feedback.timestamp(clock.instant()));
        String hash = HashChain.hash(prev, f);
        try (PreparedStatement ps =
            c.prepareStatement(
                "INSERT INTO feedback ("
                    + COLUMNS
                    + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
          ps.setLong(1, f.seq());
          ps.setString(2, f.feedbackId());
          ps.setString(3, f.caseId());
          ps.setString(4, f.providerId());
          ps.setString(5, f.agencyId());
          ps.setInt(6, f.rating());
          ps.setInt(7, f.dimensions().get(Dimension.TIMELINESS));
          ps.setInt(8, f.dimensions().get(Dimension.PROFESSIONALISM));
          ps.setInt(9, f.dimensions().get(Dimension.ATTITUDE));
          ps.setInt(10, f.dimensions().get(Dimension.OUTCOME));
          ps.setString(11, f.comment());
          ps.setString(12, f.createdAt());
          ps.setString(13, prev);
          ps.setString(14, hash);
          ps.executeUpdate();
        }
        try (PreparedStatement ps =
            c.prepareStatement("UPDATE feedback_head SET seq = ?, hash = ? WHERE id = 1")) {
          ps.setLong(1, seq);
          ps.setString(2, hash);
          ps.executeUpdate();
        }
        c.commit();
        return new HashChain.Link(f, prev, hash);
      } catch (SQLException | RuntimeException e) {
        c.rollback();
        throw e;
      } finally {
        c.setAutoCommit(auto);
      }
    } catch (SQLException e) {
      if (UNIQUE_VIOLATION.equals(e.getSQLState())) {
        throw alreadyRated(d.caseId());
      }
      throw unavailable("record the feedback", e);
    }
  }

  private static boolean hasFeedback(Connection c, String caseId) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM feedback WHERE case_id = ?")) {
      ps.setString(1, caseId);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next();
      }
    }
  }

  private static ConflictException alreadyRated(String caseId) {
    return new ConflictException(
        "case " + caseId + " has been rated already; feedback is given once");
  }

  /**
   * The feedback about {@code providerId} (given to it, or to one of its workers when it is an
   * agency), newest first: at most {@code limit} entries before position {@code beforeSeq} ({@code
   * Long.MAX_VALUE} for the newest).
   */
  @Override
  public List<HashChain.Link> about(String providerId, long beforeSeq, int limit) {
    List<HashChain.Link> out = new ArrayList<>();
    try (Connection c = db.connection();
        PreparedStatement ps =
            c.prepareStatement(
                "SELECT "
                    + COLUMNS
                    + " FROM feedback WHERE (provider_id = ? OR agency_id = ?) AND seq < ? ORDER BY seq DESC")) {
      ps.setString(1, providerId);
      ps.setString(2, providerId);
      ps.setLong(3, beforeSeq);
      ps.setMaxRows(limit);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(link(rs));
        }
      }
    } catch (SQLException e) {
      throw unavailable("read the feedback", e);
    }
    return out;
  }

  /** The tally of {@code providerId}'s ratings: its own, and its workers' when it is an agency. */
  @Override
  public RatingTally tally(String providerId) {
    try (Connection c = db.connection();
        PreparedStatement ps =
            c.prepareStatement(
                "SELECT COUNT(*), SUM(rating),"
                    + " SUM(timeliness), SUM(professionalism), SUM(attitude), SUM(outcome) FROM feedback"
                    + " WHERE provider_id = ? OR agency_id = ?")) {
      ps.setString(1, providerId);
      ps.setString(2, providerId);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return tally(rs, 1);
      }
    } catch (SQLException e) {
      throw unavailable("read the ratings", e);
    }
  }

  /** Every rated provider's tally (agencies including their workers'), by provider id. */
  @Override
  public Map<String, RatingTally> tallies() {
    Map<String, RatingTally> out = new HashMap<>();
    String sums =
        "COUNT(*), SUM(rating), SUM(timeliness), SUM(professionalism), SUM(attitude), SUM(outcome)";
    try (Connection c = db.connection();
        PreparedStatement ps =
            c.prepareStatement(
                "SELECT id, "
                    + sums
                    + " FROM ("
                    + "SELECT provider_id AS id, rating, timeliness, professionalism, attitude, outcome FROM feedback"
                    + " UNION ALL SELECT agency_id AS id, rating, timeliness, professionalism, attitude, outcome FROM feedback"
                    + " WHERE agency_id IS NOT NULL AND agency_id <> provider_id) t GROUP BY id");
        ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        out.put(rs.getString(1), tally(rs, 2));
      }
    } catch (SQLException e) {
      throw unavailable("read the ratings", e);
    }
    return out;
  }

  private static RatingTally tally(ResultSet rs, int from) throws SQLException {
    Map<Dimension, Long> sums = new EnumMap<>(Dimension.class);
    sums.put(Dimension.TIMELINESS, rs.getLong(from + 2));
    sums.put(Dimension.PROFESSIONALISM, rs.getLong(from + 3));
    sums.put(Dimension.ATTITUDE, rs.getLong(from + 4));
    sums.put(Dimension.OUTCOME, rs.getLong(from + 5));
    return new RatingTally(rs.getLong(from), rs.getLong(from + 1), sums);
  }

  /**
   * Checks the whole chain as stored, in position order, and then that the head row names its last
   * entry: a changed, removed or reordered entry makes it invalid at that entry.
   */
  @Override
  public HashChain.Verdict verify() {
    HashChain.Verdict v = HashChain.verify(new Reader(0));
    if (!v.valid()) {
      return v;
    }
    try (Connection c = db.connection();
        PreparedStatement ps =
            c.prepareStatement("SELECT seq, hash FROM feedback_head WHERE id = 1");
        ResultSet rs = ps.executeQuery()) {
      if (!rs.next()) {
        return new HashChain.Verdict(
            false,
            v.entries(),
            v.head(),
            v.entries() + 1,
            null,
            "the ledger's head row is missing");
      }
      if (rs.getLong(1) != v.entries() || !rs.getString(2).equals(v.head())) {
        return new HashChain.Verdict(
            false,
            v.entries(),
            v.head(),
            Math.min(rs.getLong(1), v.entries() + 1),
            null,
            "the head records entry "
                + rs.getLong(1)
                + " with hash "
                + rs.getString(2)
                + ", but the chain ends at"
                + " entry "
                + v.entries()
                + ": entries are missing at the end");
      }
    } catch (SQLException e) {
      throw unavailable("read the ledger", e);
    }
    return v;
  }

  /** Every entry in position order, to {@code sink} (read in chunks; the sink may block). */
  @Override
  public void export(Consumer<HashChain.Link> sink) {
    new Reader(0).forEachRemaining(sink);
  }

  @Override
  public void exportAfter(long seq, Consumer<HashChain.Link> sink) {
    new Reader(seq).forEachRemaining(sink);
  }

  /**
   * Reads the chain in position order, a chunk of {@value #CHUNK} entries per query (keyset
   * paging).
   */
  private final class Reader implements Iterator<HashChain.Link> {
    private final List<HashChain.Link> chunk = new ArrayList<>();
    private int next;
    private long after;
    private boolean done;

    Reader(long after) {
      this.after = after;
    }

    @Override
    public boolean hasNext() {
      if (next < chunk.size()) {
        return true;
      }
      if (done) {
        return false;
      }
      chunk.clear();
      next = 0;
      try (Connection c = db.connection();
          PreparedStatement ps =
              c.prepareStatement(
                  "SELECT " + COLUMNS + " FROM feedback WHERE seq > ? ORDER BY seq")) {
        ps.setLong(1, after);
        ps.setMaxRows(CHUNK);
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            chunk.add(link(rs));
          }
        }
      } catch (SQLException e) {
        throw unavailable("read the ledger", e);
      }
      done = chunk.size() < CHUNK;
      if (!chunk.isEmpty()) {
        after = chunk.get(chunk.size() - 1).entry().seq();
      }
      return !chunk.isEmpty();
    }

    @Override
    public HashChain.Link next() {
      if (!hasNext()) {
        throw new NoSuchElementException();
      }
      return chunk.get(next++);
    }
  }

  /** One stored row, as found (verification judges it). */
  private static HashChain.Link link(ResultSet rs) throws SQLException {
    Map<Dimension, Integer> dims = new EnumMap<>(Dimension.class);
    dims.put(Dimension.TIMELINESS, rs.getInt(7));
    dims.put(Dimension.PROFESSIONALISM, rs.getInt(8));
    dims.put(Dimension.ATTITUDE, rs.getInt(9));
    dims.put(Dimension.OUTCOME, rs.getInt(10));
    Feedback f =
        new Feedback(
            rs.getLong(1),
            rs.getString(2),
            rs.getString(3),
            rs.getString(4),
            rs.getString(5),
            rs.getInt(6),
            dims,
            rs.getString(11),
            rs.getString(12));
    return new HashChain.Link(f, rs.getString(13), rs.getString(14));
  }

  private static UnavailableException unavailable(String what, SQLException e) {
    return new UnavailableException(
        DocumentStore.STORE_UNAVAILABLE,
        "The durable store could not " + what + " now; retry shortly.");
  }
}
