package org.linli.core.cases;

/** The durable audit of STAFF reads of cases (port). */
public interface CaseReads {
  /**
   * Records that {@code reader} read {@code what} of case {@code caseId}, durably, before the read
   * is answered. Blocking.
   *
   * @throws org.linli.core.error.UnavailableException when it cannot be recorded (the read is then
   *     refused)
   */
  void record(String caseId, String reader, String what);
}
