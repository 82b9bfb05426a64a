package org.linli.core.access;

/** What a caller is, as the {@code roles} claim of its token says. */
public enum Role {
  RESIDENT,
  WORKER,
  AGENCY,
  STAFF,
  ADMIN
}
