package org.linli.core.cases;

import java.util.Objects;
import java.util.Set;
import org.linli.core.Nullable;
import org.linli.core.error.Problems;
import org.linli.core.match.MatchRequest;
import org.linli.core.taxonomy.Skill;

/**
 * What a resident asks for: the match request (location, skills, filters, radius) plus the case's
 * own fields.
 *
 * @param match how candidates are found (its location is WGS84)
 * @param description free text, at most {@value #MAX_DESCRIPTION} characters, or null
 * @param urgency ROUTINE or URGENT
 * @param contactPhone the resident's phone, 5..20 of digits, spaces, +, -, or null
 * @param sensitive child protection, domestic violence, community correction: the location is
 *     coarsened for offered providers until one accepts
 * @param inferredSkills the skills the need classifier chose from the text (they are in {@code
 *     match}'s skills), or empty when the resident chose them
 * @param onBehalfOf the name of the person a STAFF member posted the need for (at most {@value
 *     #MAX_NAME} characters), or null when the resident posted it
 */
public record Need(
    MatchRequest match,
    String description,
    Urgency urgency,
    String contactPhone,
    boolean sensitive,
    Set<Skill> inferredSkills,
    @Nullable String onBehalfOf) {
  public static final int MAX_DESCRIPTION = 4_000;
  public static final int MAX_NAME = 100;

  /** How soon help is needed. */
  public enum Urgency {
    ROUTINE,
    URGENT
  }

  /** A need whose skills, if any, the resident chose. */
  public Need(
      MatchRequest match,
      String description,
      Urgency urgency,
      String contactPhone,
      boolean sensitive) {
    this(match, description, urgency, contactPhone, sensitive, Set.of(), null);
  }

  public Need {
    Objects.requireNonNull(match, "match");
    inferredSkills = inferredSkills == null ? Set.of() : Set.copyOf(inferredSkills);
    Problems p = new Problems();
    p.require(
        description == null || description.length() <= MAX_DESCRIPTION,
        "description",
        "description longer than " + MAX_DESCRIPTION + " characters");
    p.require(
        onBehalfOf == null || (!onBehalfOf.isBlank() && onBehalfOf.length() <= MAX_NAME),
        "onBehalfOf.name",
        "the name of the person the need is for: 1 to " + MAX_NAME + " characters");
    p.require(urgency != null, "urgency", "urgency is required: ROUTINE or URGENT");
    p.require(
        contactPhone == null || contactPhone.matches("[0-9+\\- ]{5,20}"),
        "contactPhone",
        "contactPhone must be 5..20 digits, spaces, + or -");
    p.throwIfAny();
  }
}
