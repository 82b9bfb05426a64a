package org.linli.core.accounts;

/**
 * Turns passwords into slow, salted hashes and checks them (port): api-server's Argon2id. A stored
 * hash names its algorithm and parameters, so that stronger ones can follow. Thread-safe; each call
 * takes tens of milliseconds on purpose, so callers run it off the event loop.
 */
public interface PasswordHasher {
  /** A new hash of {@code password}, with a fresh salt. */
  String hash(String password);

  /**
   * Whether {@code password} is the one {@code stored} was made from; false for a malformed hash.
   */
  boolean matches(String password, String stored);
}
