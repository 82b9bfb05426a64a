package org.linli.core.error;

/** A dependency (the index while loading, the durable store) cannot serve the request right now. */
public final class UnavailableException extends LinliException {
  public UnavailableException(String message) {
    super(message);
  }

  @Override
  public String code() {
    return "unavailable";
  }
}
