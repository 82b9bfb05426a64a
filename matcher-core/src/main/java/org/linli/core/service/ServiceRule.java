package org.linli.core.service;

/** A rule of {@link ServiceRules} that a provider can fail. */
public enum ServiceRule {
  /** Not open at the requested time (or its hours are not known). */
  OPEN_AT,
  /** Its cost is not one asked for (or not known). */
  COST,
  /** It lacks a requested kind of access. */
  ACCESSIBILITY,
  /** The resident is younger than it admits (or did not give an age). */
  MIN_AGE,
  /** The resident is older than it admits (or did not give an age). */
  MAX_AGE,
  /** It admits other registrations. */
  RESIDENCE,
  /** It admits other assistance standings. */
  INCOME,
  /** It serves only people with a disability. */
  DISABILITY
}
