package org.linli.core.cases;

/** What happened to a case, as its history and its event stream record it. */
public enum CaseEvent {
  OFFERED,
  ACCEPTED,
  DECLINED,
  EXPIRED,
  COMPLETED,
  CANCELLED,
  UNMATCHED,
  /**
   * Handed to the duty staff of the need's region: URGENT or sensitive and not taken in time, or
   * UNMATCHED.
   */
  ESCALATED,
  /** A note added by the assigned provider or staff (seen by them only). */
  NOTED,
  /**
   * The assigned agency moved the case to another of its providers (the capacity moved with it).
   */
  REASSIGNED
}
