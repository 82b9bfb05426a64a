package org.linli.core.error;

/**
 * The request is well formed but conflicts with the current state (an illegal state change, a lost
 * race).
 */
public final class ConflictException extends LinliException {
  public ConflictException(String message) {
    super(message);
  }

  @Override
  public String code() {
    return "conflict";
  }
}
