package org.linli.core.cases;

/**
 * One transition of a case, as the parties it concerns are told of it. Its {@code id} is {@code
 * <epoch millis>-<case id>-<index in the history>}: unique, and ordered by time first, so that a
 * client that reconnects with the last id it saw can be told of every later update ({@link
 * #isAfter}).
 */
public record CaseUpdate(String id, long at, String caseId, int index, Transition transition) {
  /** Transition {@code i} of {@code c}'s history. */
  public static CaseUpdate of(ReferralCase c, int i) {
    Transition t = c.history().get(i);
    long at = t.at().toEpochMilli();
    return new CaseUpdate(at + "-" + c.id() + "-" + i, at, c.id(), i, t);
  }

  /** Whether this update came after the one with id {@code lastId} (any text a client sends). */
  public boolean isAfter(String lastId) {
    String[] key = lastId.split("-", 2);
    long afterAt;
    try {
      afterAt = Long.parseLong(key[0]);
    } catch (NumberFormatException e) {
      afterAt = 0;
    }
    return at > afterAt || (at == afterAt && id.compareTo(lastId) > 0);
  }
}
