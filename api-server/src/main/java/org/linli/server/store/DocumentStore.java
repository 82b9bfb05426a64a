package org.linli.server.store;

import com.hazelcast.core.HazelcastJsonValue;
import com.hazelcast.map.MapStore;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.function.LongConsumer;
import org.linli.core.error.UnavailableException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Write-through persistence of one Hazelcast map of JSON documents into one table {@code (id, doc,
 * stored_at)} of the {@link Database}. Hazelcast calls {@link #store} before a put is applied in
 * memory and acknowledged, so a write that this class could not commit fails, and memory keeps its
 * previous value. Upserts are idempotent: the same store twice leaves one row with that document.
 * Bulk imports commit a batch in one transaction first ({@link #storeAllAhead}); the per-entry
 * stores of the {@code setAll} that follows then find it done.
 *
 * <p>Loading: {@link #loadAllKeys} and {@link #loadAll} read the whole table at start (the map is
 * loaded eagerly and never evicts), so a point {@link #load} of a key not in memory is a key that
 * does not exist; it answers null without asking the database, and reads keep working while the
 * database is away. Hazelcast asks for many batches at once and, when one fails, logs it and
 * carries on with that batch's documents missing from memory; so at most the pool's size less two
 * batches read at a time (the others queue here, not on the pool, whose wait is short so that
 * requests fail fast when the database is gone), a failed read is tried again after a growing
 * pause, and a load that still fails is counted ({@link #failedLoads}) for the server to refuse
 * readiness on.
 *
 * <p>Every failure to reach the database is an {@link UnavailableException} (a 503 at the HTTP
 * edge). When the health probe already knows the database is down, writes fail at once instead of
 * waiting for a connection. Thread-safe; called on Hazelcast's map-store threads.
 */
public final class DocumentStore implements MapStore<String, HazelcastJsonValue> {
  private static final Logger LOG = LoggerFactory.getLogger(DocumentStore.class);
  private static final int BATCH = 1_000;

  /** The problem code of every store failure. */
  public static final String STORE_UNAVAILABLE = "store-unavailable";

  private final Database db;
  private final String table;
  private final Clock clock;
  private final BooleanSupplier reachable;
  private final Timer storeTimer;
  private final Timer storeAllTimer;
  private final Timer deleteTimer;

  /** Documents committed by {@link #storeAllAhead} whose write-through has not come yet, by key. */
  private final ConcurrentHashMap<String, String> committedAhead = new ConcurrentHashMap<>();

  /** How many times a load tries to read before it is counted as failed. */
  static final int LOAD_ATTEMPTS = 8;

  /**
   * One permit a batch reading at once: two connections of the pool stay free for writes and the
   * health probe.
   */
  private final Semaphore loads;

  private final AtomicInteger failedLoads = new AtomicInteger();
  private final LongConsumer pauser;
  private final Sealing sealing;
  private volatile WriteEffects effects = WriteEffects.NONE;

  /** What else a document's write commits, in the same transaction (the outbox of cases). */
  public interface WriteEffects {
    /** Writes what storing {@code json} (in clear) under {@code id} causes, on {@code c}. */
    void within(Connection c, String id, String json, java.time.Instant now) throws SQLException;

    WriteEffects NONE = (c, id, json, now) -> {};
  }

  /** From now on, every write of a document also commits what {@code effects} adds. */
  public DocumentStore withEffects(WriteEffects effects) {
    this.effects = effects;
    return this;
  }

  /**
   * @param table the table, one of the schema's document tables (not user input)
   * @param reachable what the health probe last saw; writes fail fast while it says false
   */
  public DocumentStore(
      Database db, String table, Clock clock, BooleanSupplier reachable, MeterRegistry metrics) {
    this(db, table, clock, reachable, metrics, DocumentStore::sleep, Sealing.NONE);
  }

  /**
   * @param sealing what of each document is encrypted in the table (personal data)
   */
  public DocumentStore(
      Database db,
      String table,
      Clock clock,
      BooleanSupplier reachable,
      MeterRegistry metrics,
      Sealing sealing) {
    this(db, table, clock, reachable, metrics, DocumentStore::sleep, sealing);
  }

  /**
   * @param pauser waits the given milliseconds between a failed load's attempts (tests pass one
   *     that records)
   */
  DocumentStore(
      Database db,
      String table,
      Clock clock,
      BooleanSupplier reachable,
      MeterRegistry metrics,
      LongConsumer pauser,
      Sealing sealing) {
    if (!table.matches("[a-z_]+")) {
      throw new IllegalArgumentException("table name " + table);
    }
    this.db = db;
    this.table = table;
    this.clock = clock;
    this.reachable = reachable;
    this.storeTimer = timer(metrics, "store");
    this.storeAllTimer = timer(metrics, "storeAll");
    this.deleteTimer = timer(metrics, "delete");
    this.pauser = pauser;
    this.sealing = sealing;
    this.loads = new Semaphore(Math.max(1, db.pool().getMaximumPoolSize() - 2), true);
  }

  private Timer timer(MeterRegistry metrics, String op) {
    return Timer.builder("linli.store.writes")
        .description("Durable writes, commit included")
        .tag("table", table)
        .tag("op", op)
        .publishPercentiles(0.5, 0.99)
        .register(metrics);
  }

  @Override
  public void store(String key, HazelcastJsonValue value) {
    String ahead = committedAhead.remove(key);
    if (ahead != null && ahead.equals(value.getValue())) {
      return; // committed by storeAllAhead moments ago, and nothing else was stored for this key
      // since
    }
    storeAll(Map.of(key, value));
  }

  /**
   * Commits {@code map} in one transaction and remembers it, so that the map's own write-through of
   * exactly these documents (a {@code setAll} that follows) skips them instead of committing each
   * again. Any other value stored for one of these keys in between is written as usual and drops
   * the memory of the one ahead, so database and memory end equal whatever the interleaving. Call
   * {@link #forgetAhead} afterwards.
   */
  public void storeAllAhead(Map<String, HazelcastJsonValue> map) {
    storeAll(map);
    map.forEach((k, v) -> committedAhead.put(k, v.getValue()));
  }

  /**
   * Forgets what {@link #storeAllAhead} remembered for {@code keys} (whatever was not consumed).
   */
  public void forgetAhead(Collection<String> keys) {
    keys.forEach(committedAhead::remove);
  }

  @Override
  public void storeAll(Map<String, HazelcastJsonValue> map) {
    if (map.isEmpty()) {
      return;
    }
    requireReachable();
    long t0 = System.nanoTime();
    java.time.Instant instant = clock.instant();
    Timestamp now = Timestamp.from(instant);
    WriteEffects also = effects;
    try (Connection c = db.connection()) {
      c.setAutoCommit(false);
      try (PreparedStatement ps = c.prepareStatement(db.dialect().upsert(table))) {
        int pending = 0;
        for (Map.Entry<String, HazelcastJsonValue> e : map.entrySet()) {
          ps.setString(1, e.getKey());
          ps.setString(2, sealing.seal(e.getKey(), e.getValue().getValue()));
          ps.setTimestamp(3, now);
          if (map.size() == 1) {
            ps.executeUpdate();
          } else {
            ps.addBatch();
            if (++pending == BATCH) {
              ps.executeBatch();
              pending = 0;
            }
          }
        }
        if (pending > 0) {
          ps.executeBatch();
        }
        if (also != WriteEffects.NONE) {
          for (Map.Entry<String, HazelcastJsonValue> e : map.entrySet()) {
            also.within(c, e.getKey(), e.getValue().getValue(), instant);
          }
        }
        c.commit();
      } catch (SQLException | RuntimeException e) {
        rollback(c);
        throw e;
      }
    } catch (SQLException e) {
      throw unavailable("store " + map.size() + " " + table, e);
    }
    (map.size() == 1 ? storeTimer : storeAllTimer)
        .record(System.nanoTime() - t0, TimeUnit.NANOSECONDS);
  }

  @Override
  public void delete(String key) {
    deleteAll(List.of(key));
  }

  @Override
  public void deleteAll(Collection<String> keys) {
    if (keys.isEmpty()) {
      return;
    }
    keys.forEach(committedAhead::remove); // a later setAll of a deleted key must store it again
    requireReachable();
    long t0 = System.nanoTime();
    try (Connection c = db.connection();
        PreparedStatement ps = c.prepareStatement("DELETE FROM " + table + " WHERE id = ANY(?)")) {
      Array ids = c.createArrayOf("VARCHAR", keys.toArray());
      ps.setArray(1, ids);
      ps.executeUpdate();
    } catch (SQLException e) {
      throw unavailable("delete from " + table, e);
    }
    deleteTimer.record(System.nanoTime() - t0, TimeUnit.NANOSECONDS);
  }

  /** Null: everything stored was loaded at start, so a key missing from memory is missing. */
  @Override
  public HazelcastJsonValue load(String key) {
    return null;
  }

  @Override
  public Map<String, HazelcastJsonValue> loadAll(Collection<String> keys) {
    return loading(
        "load " + keys.size() + " rows of " + table,
        () -> {
          Map<String, HazelcastJsonValue> out = new HashMap<>(keys.size() * 2);
          try (Connection c = db.connection();
              PreparedStatement ps =
                  c.prepareStatement("SELECT id, doc FROM " + table + " WHERE id = ANY(?)")) {
            ps.setArray(1, c.createArrayOf("VARCHAR", keys.toArray()));
            try (ResultSet rs = ps.executeQuery()) {
              while (rs.next()) {
                String id = rs.getString(1);
                out.put(id, new HazelcastJsonValue(sealing.open(id, rs.getString(2))));
              }
            }
          }
          return out;
        });
  }

  @Override
  public Iterable<String> loadAllKeys() {
    long t0 = System.nanoTime();
    List<String> keys =
        loading(
            "list " + table,
            () -> {
              List<String> out = new ArrayList<>();
              try (Connection c = db.connection()) {
                // PostgreSQL streams a result only inside a transaction with a fetch size; H2
                // ignores both.
                c.setAutoCommit(false);
                try (Statement s = c.createStatement()) {
                  s.setFetchSize(10_000);
                  try (ResultSet rs = s.executeQuery("SELECT id FROM " + table)) {
                    while (rs.next()) {
                      out.add(rs.getString(1));
                    }
                  }
                } finally {
                  c.rollback();
                }
              }
              return out;
            });
    LOG.info(
        "{} rows of {} to load ({} ms to list them)",
        keys.size(),
        table,
        (System.nanoTime() - t0) / 1_000_000);
    return keys;
  }

  /**
   * Reads that a failed load was (after its attempts); while non-zero, a map loaded from here lacks
   * documents.
   */
  public int failedLoads() {
    return failedLoads.get();
  }

  /** A read of the database, which {@link #loading} may run more than once. */
  private interface Read<T> {
    T run() throws SQLException;
  }

  /**
   * Runs {@code read} holding one of the load permits, again after a pause (250 ms doubling, at
   * most 5 s) while it fails, at most {@link #LOAD_ATTEMPTS} times; the last failure is thrown.
   * Every load that does not return is counted, however it ended, and once one is, later loads fail
   * without reading. Reads are idempotent.
   */
  private <T> T loading(String what, Read<T> read) {
    loads.acquireUninterruptibly();
    boolean loaded = false;
    try {
      if (failedLoads.get() > 0) {
        // The member will not be ready anyway: the other batches fail at once rather than each
        // waiting out its
        // attempts (a thousand batches of a million rows, eight at a time, would take over an hour
        // to give up).
        throw new UnavailableException(
            STORE_UNAVAILABLE,
            "The durable store could not "
                + what
                + ": an earlier load failed, so this load is not tried.");
      }
      for (int attempt = 1; ; attempt++) {
        try {
          T out = read.run();
          loaded = true;
          return out;
        } catch (SQLException e) {
          if (attempt == LOAD_ATTEMPTS) {
            LOG.error(
                "Durable store ({}) failed to {} after {} attempts: {}",
                db.description(),
                what,
                attempt,
                e.getMessage());
            throw new UnavailableException(
                STORE_UNAVAILABLE, "The durable store could not " + what + ".");
          }
          long pause = Math.min(5_000, 250L << (attempt - 1));
          LOG.warn(
              "Durable store ({}) failed to {} (attempt {} of {}), trying again in {} ms: {}",
              db.description(),
              what,
              attempt,
              LOAD_ATTEMPTS,
              pause,
              e.getMessage());
          pauser.accept(pause);
        }
      }
    } finally {
      if (!loaded) { // whatever ended it (the last attempt, an interrupt, an unchecked failure),
        // Hazelcast goes on
        failedLoads.incrementAndGet();
      }
      loads.release();
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new UnavailableException(
          STORE_UNAVAILABLE, "Interrupted while loading from the durable store.");
    }
  }

  /** Number of rows: for tests and the operator's view. Blocking. */
  public long count() {
    try (Connection c = db.connection();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM " + table)) {
      rs.next();
      return rs.getLong(1);
    } catch (SQLException e) {
      throw unavailable("count " + table, e);
    }
  }

  private void requireReachable() {
    if (!reachable.getAsBoolean()) {
      throw new UnavailableException(
          STORE_UNAVAILABLE,
          "The durable store is unreachable; writes are refused until it is back (reads still work). Nothing was"
              + " changed; retry shortly.");
    }
  }

  private UnavailableException unavailable(String what, SQLException e) {
    LOG.warn("Durable store ({}) failed to {}: {}", db.description(), what, e.getMessage());
    return new UnavailableException(
        STORE_UNAVAILABLE,
        "The durable store could not "
            + what
            + ", so the write was not acknowledged. Retry shortly: writes are idempotent.");
  }

  private static void rollback(Connection c) {
    try {
      c.rollback();
    } catch (SQLException ignored) {
      // the connection is broken; the pool discards it
    }
  }
}
