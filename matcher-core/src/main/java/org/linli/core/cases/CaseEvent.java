package org.linli.core.cases;

/** What happened to a case, as its history and its event stream record it. */
public enum CaseEvent {
  OFFERED,
  ACCEPTED,
  DECLINED,
  EXPIRED,
  COMPLETED,
  CANCELLED,
  UNMATCHED
}
