package org.linli.server.store;

import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.linli.server.util.Daemons;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches the durable store: pings it every {@code interval} on its own thread and remembers the
 * answer, so that readiness and the write path can ask without blocking. A database that comes back
 * is seen at the next ping; nothing needs a restart (the pool replaces broken connections itself).
 * Thread-safe.
 */
public final class StoreProbe implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(StoreProbe.class);

  private final Database db;
  private final ScheduledExecutorService timer;
  private volatile boolean up = true;

  public StoreProbe(Database db, Duration interval) {
    this.db = db;
    this.timer = Daemons.scheduler("linli-store-probe");
    timer.scheduleWithFixedDelay(
        this::ping, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** What the last ping saw (true before the first). */
  public boolean isUp() {
    return up;
  }

  private void ping() {
    boolean now = db.ping();
    if (now != up) {
      if (now) {
        LOG.info("Durable store reachable again ({}); accepting writes", db.description());
      } else {
        LOG.warn(
            "Durable store unreachable ({}); refusing writes until it is back", db.description());
      }
      up = now;
    }
  }

  @Override
  public void close() {
    timer.shutdownNow();
  }
}
