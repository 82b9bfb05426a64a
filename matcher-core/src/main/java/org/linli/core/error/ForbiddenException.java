package org.linli.core.error;

/**
 * The caller is known but may not do this (403). Objects the caller may not even see are a 404
 * instead.
 */
public final class ForbiddenException extends LinliException {
  public ForbiddenException(String message) {
    super(message);
  }

  @Override
  public String code() {
    return "forbidden";
  }
}
