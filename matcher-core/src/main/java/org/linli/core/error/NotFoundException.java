package org.linli.core.error;

/**
 * The named object does not exist, or the caller may not know that it does (same answer either
 * way).
 */
public final class NotFoundException extends LinliException {
  public NotFoundException(String what) {
    super(what + " not found");
  }

  @Override
  public String code() {
    return "not-found";
  }
}
