package org.linli.core.error;

/**
 * No valid credentials: a missing, malformed, expired, unsigned, wrongly signed or foreign token
 * (401).
 */
public final class UnauthenticatedException extends LinliException {
  public UnauthenticatedException(String message) {
    super(message);
  }

  @Override
  public String code() {
    return "unauthenticated";
  }
}
