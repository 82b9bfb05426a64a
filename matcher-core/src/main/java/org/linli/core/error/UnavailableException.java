package org.linli.core.error;

/**
 * The service cannot do this now but may shortly (still loading, or the durable store is
 * unreachable); the caller may retry. {@link #code()} says which.
 */
public final class UnavailableException extends LinliException {
  private final String code;

  public UnavailableException(String message) {
    this("unavailable", message);
  }

  /**
   * @param code a stable, lower-case, dashed code such as {@code store-unavailable}
   */
  public UnavailableException(String code, String message) {
    super(message);
    this.code = code;
  }

  @Override
  public String code() {
    return code;
  }
}
