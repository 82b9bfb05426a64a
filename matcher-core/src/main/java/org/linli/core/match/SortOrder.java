package org.linli.core.match;

/** How matches are ordered. */
public enum SortOrder {
  /** Blended relevance of distance, text fit, rating and spare capacity, best first. */
  SCORE,
  /** Ascending great-circle distance, ties broken by provider id. */
  DISTANCE
}
