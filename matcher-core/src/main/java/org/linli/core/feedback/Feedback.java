package org.linli.core.feedback;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import org.linli.core.error.Problems;
import org.linli.core.rating.Dimension;

/**
 * One resident's rating of one completed case: a ledger entry, as stored (see {@link #validate} for
 * what a new one must satisfy). Immutable and thread-safe.
 *
 * @param seq position in the ledger, from 1
 * @param feedbackId {@code f<seq>}
 * @param caseId the rated case (one feedback per case)
 * @param providerId the provider that served it
 * @param agencyId that provider's agency when the case was accepted, or null
 * @param rating overall rating, 1..5
 * @param dimensions every {@link Dimension}, each 1..5
 * @param comment free text as the resident gave it, at most {@value #MAX_COMMENT} characters, or
 *     null
 * @param createdAt when it was recorded, as the ledger stores it ({@link #timestamp}: UTC,
 *     milliseconds)
 */
public record Feedback(
    long seq,
    String feedbackId,
    String caseId,
    String providerId,
    String agencyId,
    int rating,
    Map<Dimension, Integer> dimensions,
    String comment,
    String createdAt) {
  public static final int MAX_COMMENT = 2_000;
  private static final DateTimeFormatter TIMESTAMP =
      DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

  public Feedback {
    java.util.Objects.requireNonNull(feedbackId, "feedbackId");
    java.util.Objects.requireNonNull(caseId, "caseId");
    java.util.Objects.requireNonNull(providerId, "providerId");
    java.util.Objects.requireNonNull(createdAt, "createdAt");
    dimensions =
        Collections.unmodifiableMap(
            new EnumMap<>(
                dimensions == null || dimensions.isEmpty()
                    ? Map.<Dimension, Integer>of()
                    : dimensions));
  }

  /**
   * Checks what a resident sends: the rating and every dimension 1..5, the comment storable text of
   * at most {@value #MAX_COMMENT} characters. (The record itself takes any values, so that the
   * ledger can represent, and verification name, an entry that was tampered with in the database.)
   *
   * @throws org.linli.core.error.InvalidInputException naming every bad field
   */
  public static void validate(int rating, Map<Dimension, Integer> dimensions, String comment) {
    Problems p = new Problems();
    requireStars(p, "rating", rating);
    for (Dimension d : Dimension.values()) {
      Integer v = dimensions == null ? null : dimensions.get(d);
      if (v == null) {
        p.add("dimensions." + d.field(), "dimensions." + d.field() + " is required, 1..5");
      } else {
        requireStars(p, "dimensions." + d.field(), v);
      }
    }
    if (comment != null) {
      p.require(
          comment.length() <= MAX_COMMENT,
          "comment",
          "comment is at most " + MAX_COMMENT + " characters");
      p.require(
          isPlainText(comment),
          "comment",
          "comment may not contain control characters (other than line breaks and tabs) or unpaired surrogates");
    }
    p.throwIfAny();
  }

  /**
   * The ledger's form of an instant: UTC, always three fractional digits, e.g. {@code
   * 2026-11-26T10:33:09.120Z}.
   */
  public static String timestamp(Instant at) {
    return TIMESTAMP.format(at);
  }

  private static void requireStars(Problems p, String field, int v) {
    p.require(v >= 1 && v <= 5, field, field + " must be an integer 1..5, got " + v);
  }

  /**
   * No control characters but tab and line breaks, no unpaired surrogates (what every store and
   * page can hold).
   */
  static boolean isPlainText(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if ((c < 0x20 && c != '\n' && c != '\r' && c != '\t') || c == 0x7f) {
        return false;
      }
      if (Character.isHighSurrogate(c)) {
        if (i + 1 >= s.length() || !Character.isLowSurrogate(s.charAt(i + 1))) {
          return false;
        }
        i++;
      } else if (Character.isLowSurrogate(c)) {
        return false;
      }
    }
    return true;
  }
}
