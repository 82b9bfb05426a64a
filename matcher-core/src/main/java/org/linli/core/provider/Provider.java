package org.linli.core.provider;

import java.time.Instant;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;
import org.linli.core.error.Problems;
import org.linli.core.geo.GeoPoint;
import org.linli.core.geo.GeoPolygon;
import org.linli.core.rating.Rating;
import org.linli.core.taxonomy.Skill;

/**
 * A social worker, agency or service project that can take cases. Immutable and thread-safe.
 *
 * <p>The service area is {@code serviceArea} when present, else the circle of {@code serviceRadiusMeters}
 * around {@code location}; at least one of the two must be given.
 *
 * @param id                  stable id, 1..64 of {@code [A-Za-z0-9._:-]}
 * @param kind                worker, agency or project
 * @param name                display name, 1..200 characters
 * @param agencyId            owning agency, or null
 * @param location            where the provider is based (WGS84)
 * @param serviceRadiusMeters radius of the circular service area in metres, in (0, 100 000], or null
 * @param serviceArea         polygonal service area, or null
 * @param skills              offered skills, at least one, no duplicates
 * @param description         free text describing the service, at most 4 000 characters; may be empty
 * @param languages           languages spoken (lower-case codes such as {@code zh}, {@code yue}, {@code en})
 * @param qualification       qualification label, or null
 * @param capacity            how many open cases the provider can hold, in [0, 100 000]
 * @param activeCases         how many it holds now, in [0, 1 000 000]
 * @param status              whether it takes new cases
 * @param rating              rating summary, or null when unknown (the index then uses the prior)
 * @param updatedAt           time of the last write, or null before the first
 * @throws org.linli.core.error.InvalidInputException naming every offending field
 */
public record Provider(
    String id,
    ProviderKind kind,
    String name,
    String agencyId,
    GeoPoint location,
    Double serviceRadiusMeters,
    GeoPolygon serviceArea,
    Set<Skill> skills,
    String description,
    List<String> languages,
    String qualification,
    int capacity,
    int activeCases,
    ProviderStatus status,
    Rating rating,
    Instant updatedAt) {

  /** Ids are URL-safe and short. */
  public static final Pattern ID = Pattern.compile("[A-Za-z0-9._:-]{1,64}");
  /** Language codes: ISO 639 with optional subtags, lower-case primary. */
  public static final Pattern LANGUAGE = Pattern.compile("[a-z]{2,3}(-[A-Za-z0-9]{2,8}){0,3}");
  /** Largest service radius, also the largest match radius. */
  public static final double MAX_RADIUS_METERS = 100_000;
  public static final int MAX_NAME = 200;
  public static final int MAX_DESCRIPTION = 4_000;
  public static final int MAX_CAPACITY = 100_000;
  public static final int MAX_LANGUAGES = 16;

  public Provider {
    Problems p = new Problems();
    p.require(id != null && ID.matcher(id).matches(), "id",
        "id " + quote(id) + " must be 1..64 characters of A-Z a-z 0-9 . _ : -");
    p.require(kind != null, "kind", "kind is required: WORKER, AGENCY or PROJECT");
    p.require(name != null && !name.isBlank() && name.length() <= MAX_NAME, "name",
        "name is required, 1.." + MAX_NAME + " characters");
    p.require(agencyId == null || ID.matcher(agencyId).matches(), "agencyId",
        "agencyId " + quote(agencyId) + " must be 1..64 characters of A-Z a-z 0-9 . _ : -");
    p.require(location != null, "location", "location is required");
    if (serviceRadiusMeters != null) {
      double r = serviceRadiusMeters;
      p.require(r > 0 && r <= MAX_RADIUS_METERS, "serviceRadiusMeters",
          "serviceRadiusMeters " + r + " outside (0, " + (long) MAX_RADIUS_METERS + "]");
    }
    p.require(serviceRadiusMeters != null || serviceArea != null, "serviceRadiusMeters",
        "either serviceRadiusMeters or serviceArea is required");
    p.require(skills != null && !skills.isEmpty(), "skills", "at least one skill is required");
    p.require(description == null || description.length() <= MAX_DESCRIPTION, "description",
        "description has " + (description == null ? 0 : description.length()) + " characters, more than "
            + MAX_DESCRIPTION);
    if (languages != null) {
      p.require(languages.size() <= MAX_LANGUAGES, "languages",
          languages.size() + " languages, more than " + MAX_LANGUAGES);
      for (int i = 0; i < languages.size(); i++) {
        String lang = languages.get(i);
        p.require(lang != null && LANGUAGE.matcher(lang).matches(), "languages[" + i + "]",
            "language " + quote(lang) + " is not a language code such as zh, yue or en");
      }
    }
    p.require(qualification == null || qualification.length() <= 100, "qualification",
        "qualification is longer than 100 characters");
    p.require(capacity >= 0 && capacity <= MAX_CAPACITY, "capacity",
        "capacity " + capacity + " outside [0, " + MAX_CAPACITY + "]");
    p.require(activeCases >= 0 && activeCases <= 1_000_000, "activeCases",
        "activeCases " + activeCases + " outside [0, 1000000]");
    p.require(status != null, "status", "status is required: ACTIVE, INACTIVE or SUSPENDED");
    p.throwIfAny();
    skills = Collections.unmodifiableSet(EnumSet.copyOf(skills));
    description = description == null ? "" : description;
    languages = languages == null ? List.of() : List.copyOf(languages);
  }

  /** This provider with another case count. */
  public Provider withActiveCases(int newActiveCases) {
    return new Provider(id, kind, name, agencyId, location, serviceRadiusMeters, serviceArea, skills,
        description, languages, qualification, capacity, newActiveCases, status, rating, updatedAt);
  }

  /** This provider with another rating. */
  public Provider withRating(Rating newRating) {
    return new Provider(id, kind, name, agencyId, location, serviceRadiusMeters, serviceArea, skills,
        description, languages, qualification, capacity, activeCases, status, newRating, updatedAt);
  }

  /** This provider stamped with the time of its write. */
  public Provider withUpdatedAt(Instant time) {
    return new Provider(id, kind, name, agencyId, location, serviceRadiusMeters, serviceArea, skills,
        description, languages, qualification, capacity, activeCases, status, rating,
        Objects.requireNonNull(time));
  }

  private static String quote(String s) {
    return s == null ? "null" : '"' + (s.length() > 80 ? s.substring(0, 80) + "…" : s) + '"';
  }
}
