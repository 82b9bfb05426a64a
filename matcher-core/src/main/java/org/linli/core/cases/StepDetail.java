package org.linli.core.cases;

import java.util.Arrays;
import java.util.List;
import org.linli.core.Nullable;
import org.linli.core.error.Problems;

/**
 * What a provider says with a step: why it declines ({@link #DECLINE_REASONS}), or how the case
 * ended ({@link #OUTCOMES}), with a note and, for a completion, the minutes of service. The note
 * may describe the resident: it is kept sealed at rest and shown only to staff and the provider.
 *
 * @param code a decline reason or an outcome
 * @param note at most {@value #MAX_NOTE} characters, or null
 * @param serviceMinutes 0 to {@value #MAX_MINUTES}, or null
 */
public record StepDetail(String code, @Nullable String note, @Nullable Integer serviceMinutes) {
  public static final int MAX_NOTE = 2_000;
  public static final int MAX_MINUTES = 100_000;

  public static final List<String> DECLINE_REASONS =
      List.of("NO_CAPACITY", "OUT_OF_SCOPE", "NOT_ELIGIBLE", "CONFLICT_OF_INTEREST", "OTHER");
  public static final List<String> OUTCOMES =
      List.of(
          "GOT_HELP",
          "PARTLY_HELPED",
          "NOT_ELIGIBLE",
          "COULD_NOT_CONTACT",
          "NO_LONGER_NEEDED",
          "REFERRED_ELSEWHERE");

  /** The code of a case note. */
  public static final String NOTE = "NOTE";

  /** The code of a reassignment (its note says why, when given). */
  public static final String REASSIGN = "REASSIGN";

  /** A case note: 1 to {@value #MAX_NOTE} characters; 400 naming the field otherwise. */
  public static StepDetail note(@Nullable String text) {
    Problems p = new Problems();
    p.require(
        text != null && !text.isBlank(), "text", "text is required: what to note on the case");
    p.require(
        text == null || text.length() <= MAX_NOTE,
        "text",
        "a note is at most " + MAX_NOTE + " characters");
    p.throwIfAny();
    return new StepDetail(NOTE, text, null);
  }

  /** A reassignment's note, if any; 400 when it is too long. */
  public static StepDetail reassignment(@Nullable String note) {
    Problems p = new Problems();
    p.require(
        note == null || note.length() <= MAX_NOTE,
        "note",
        "a note is at most " + MAX_NOTE + " characters");
    p.throwIfAny();
    return new StepDetail(REASSIGN, note, null);
  }

  /** A decline's reason and note, checked; 400 naming the field otherwise. */
  public static StepDetail decline(String reason, @Nullable String note) {
    return checked("reason", reason, DECLINE_REASONS, note, null);
  }

  /**
   * A completion's outcome (required), note and minutes, checked; 400 naming the field otherwise.
   */
  public static StepDetail completion(
      @Nullable String outcome, @Nullable String note, @Nullable Integer serviceMinutes) {
    return checked("outcome", outcome, OUTCOMES, note, serviceMinutes);
  }

  private static StepDetail checked(
      String field,
      @Nullable String code,
      List<String> allowed,
      @Nullable String note,
      @Nullable Integer minutes) {
    Problems p = new Problems();
    p.require(
        code != null && allowed.contains(code),
        field,
        field + " is required: one of " + Arrays.toString(allowed.toArray()));
    p.require(
        note == null || note.length() <= MAX_NOTE,
        "note",
        "a note is at most " + MAX_NOTE + " characters");
    p.require(
        minutes == null || (minutes >= 0 && minutes <= MAX_MINUTES),
        "serviceMinutes",
        "serviceMinutes is a whole number from 0 to " + MAX_MINUTES);
    p.throwIfAny();
    return new StepDetail(String.valueOf(code), note, minutes);
  }
}
