package org.linli.core.cases;

/** Where a referral case stands. OFFERED and ACCEPTED are open; the others are final. */
public enum CaseStatus {
  /** Offered to one candidate, waiting for an answer until the offer expires. */
  OFFERED,
  /** A provider took it; its capacity is reserved. */
  ACCEPTED,
  /** The service was delivered; capacity is freed. */
  COMPLETED,
  /**
   * Every candidate declined or let the offer expire, or nobody was eligible; staff follow these
   * up.
   */
  UNMATCHED,
  /** The resident withdrew it before completion. */
  CANCELLED;

  public boolean isOpen() {
    return this == OFFERED || this == ACCEPTED;
  }
}
