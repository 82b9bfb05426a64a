package org.linli.server.auth;

import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;
import org.linli.core.error.RateLimitedException;

/**
 * A token bucket per client key ({@code sub:alice}, else {@code ip:10.0.0.7}): {@code perMinute}
 * requests a minute, refilled continuously, bursts up to {@code perMinute}. Per member (each member
 * limits on its own). Idle buckets are dropped when the table grows large. Thread-safe.
 */
public final class RateLimiter {
  private static final int MAX_KEYS = 100_000;
  private static final long IDLE_NANOS = 120_000_000_000L;

  private final int perMinute;
  private final LongSupplier nanoTime;
  private final ConcurrentHashMap<String, Bucket> buckets = new ConcurrentHashMap<>();

  private static final class Bucket {
    double tokens;
    long last;

    Bucket(double tokens, long now) {
      this.tokens = tokens;
      this.last = now;
    }
  }

  /**
   * @param perMinute requests per minute per key; 0 turns limiting off
   */
  public RateLimiter(int perMinute, LongSupplier nanoTime) {
    this.perMinute = perMinute;
    this.nanoTime = nanoTime;
  }

  /**
   * Takes one request's token for {@code key}, or throws {@link RateLimitedException} with the
   * wait.
   */
  public void acquire(String key) {
    if (perMinute == 0) {
      return;
    }
    long now = nanoTime.getAsLong();
    if (buckets.size() > MAX_KEYS) {
      buckets.values().removeIf(b -> now - b.last > IDLE_NANOS);
    }
    Bucket b = buckets.computeIfAbsent(key, k -> new Bucket(perMinute, now));
    double perNano = perMinute / 60e9;
    synchronized (b) {
      b.tokens = Math.min(perMinute, b.tokens + (now - b.last) * perNano);
      b.last = now;
      if (b.tokens >= 1) {
        b.tokens -= 1;
        return;
      }
      long waitSeconds = (long) Math.ceil((1 - b.tokens) / perNano / 1e9);
      throw new RateLimitedException(
          "more than "
              + perMinute
              + " requests a minute from this client; retry in "
              + waitSeconds
              + " s",
          waitSeconds);
    }
  }
}
