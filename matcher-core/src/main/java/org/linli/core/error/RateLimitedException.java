package org.linli.core.error;

/**
 * Too many requests from one client in the current window (429); retry after {@link
 * #retryAfterSeconds()}.
 */
public final class RateLimitedException extends LinliException {
  private final long retryAfterSeconds;

  /**
   * @param retryAfterSeconds at least 1
   */
  public RateLimitedException(String message, long retryAfterSeconds) {
    super(message);
    this.retryAfterSeconds = Math.max(1, retryAfterSeconds);
  }

  public long retryAfterSeconds() {
    return retryAfterSeconds;
  }

  @Override
  public String code() {
    return "rate-limited";
  }
}
