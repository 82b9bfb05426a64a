package org.linli.core.match;

import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.linli.core.error.Problems;
import org.linli.core.geo.GeoPoint;
import org.linli.core.provider.Provider;
import org.linli.core.provider.ProviderKind;
import org.linli.core.service.ServiceFilters;
import org.linli.core.taxonomy.Skill;

/**
 * A request for providers near a need. Immutable and thread-safe.
 *
 * <p>Its constructor throws {@link org.linli.core.error.InvalidInputException} naming every
 * offending field
 *
 * @param location where the need is (WGS84)
 * @param skills skills every match must offer; may be empty
 * @param text free text of the need (any language), at most {@value #MAX_TEXT} characters; may be
 *     empty
 * @param kinds kinds to consider; never empty (all kinds when the caller gave none)
 * @param languages a match must speak at least one of these, when not empty
 * @param radiusMeters the greatest distance from the need, in (0, 100 000]
 * @param limit how many matches to return, in [1, 100]
 * @param sort the order of the matches
 * @param explain whether to report each score factor's contribution
 * @param service rules on the providers' service details ({@link ServiceFilters#NONE}: none)
 */
public record MatchRequest(
    GeoPoint location,
    Set<Skill> skills,
    String text,
    Set<ProviderKind> kinds,
    List<String> languages,
    double radiusMeters,
    int limit,
    SortOrder sort,
    boolean explain,
    ServiceFilters service) {

  /** A request without rules on service details. */
  public MatchRequest(
      GeoPoint location,
      Set<Skill> skills,
      String text,
      Set<ProviderKind> kinds,
      List<String> languages,
      double radiusMeters,
      int limit,
      SortOrder sort,
      boolean explain) {
    this(
        location,
        skills,
        text,
        kinds,
        languages,
        radiusMeters,
        limit,
        sort,
        explain,
        ServiceFilters.NONE);
  }

  public static final double DEFAULT_RADIUS_METERS = 10_000;
  public static final int DEFAULT_LIMIT = 10;
  public static final int MAX_LIMIT = 100;
  public static final int MAX_TEXT = 1_000;

  public MatchRequest {
    // Built for every match: messages are made only for failures.
    Problems p = new Problems();
    if (location == null) {
      p.add("location", "location is required");
    }
    if (!(Double.isFinite(radiusMeters)
        && radiusMeters > 0
        && radiusMeters <= Provider.MAX_RADIUS_METERS)) {
      p.add(
          "radiusMeters",
          "radiusMeters "
              + radiusMeters
              + " outside (0, "
              + (long) Provider.MAX_RADIUS_METERS
              + "]");
    }
    if (limit < 1 || limit > MAX_LIMIT) {
      p.add("limit", "limit " + limit + " outside [1, " + MAX_LIMIT + "]");
    }
    if (text != null && text.length() > MAX_TEXT) {
      p.add("text", "text has " + text.length() + " characters, more than " + MAX_TEXT);
    }
    if (languages != null) {
      for (int i = 0; i < languages.size(); i++) {
        String lang = languages.get(i);
        if (!Provider.isLanguageCode(lang)) {
          p.add(
              "languages[" + i + "]",
              "language "
                  + (lang == null ? "null" : '"' + lang + '"')
                  + " is not a language code such as zh or en");
        }
      }
    }
    p.throwIfAny();
    skills = skills == null || skills.isEmpty() ? Set.of() : Skill.canonical(skills);
    text = text == null ? "" : text;
    kinds =
        kinds == null || kinds.isEmpty()
            ? Collections.unmodifiableSet(EnumSet.allOf(ProviderKind.class))
            : Collections.unmodifiableSet(EnumSet.copyOf(kinds));
    languages = languages == null ? List.of() : List.copyOf(languages);
    sort = sort == null ? SortOrder.SCORE : sort;
    service = service == null ? ServiceFilters.NONE : service;
  }

  /** This request with {@code newSkills} instead of its skills. */
  public MatchRequest withSkills(Set<Skill> newSkills) {
    return new MatchRequest(
        location, newSkills, text, kinds, languages, radiusMeters, limit, sort, explain, service);
  }

  /** This request with other service rules. */
  public MatchRequest withService(ServiceFilters newService) {
    return new MatchRequest(
        location, skills, text, kinds, languages, radiusMeters, limit, sort, explain, newService);
  }

  /** This request with another limit and sort order. */
  public MatchRequest withLimit(int newLimit, SortOrder newSort) {
    return new MatchRequest(
        location,
        skills,
        text,
        kinds,
        languages,
        radiusMeters,
        newLimit,
        newSort,
        explain,
        service);
  }

  /** A request with defaults for everything but the location, skills and sort order. */
  public static MatchRequest near(GeoPoint location, Set<Skill> skills, SortOrder sort) {
    return new MatchRequest(
        location,
        skills,
        "",
        Set.of(),
        List.of(),
        DEFAULT_RADIUS_METERS,
        DEFAULT_LIMIT,
        sort,
        false);
  }
}
