package org.linli.core.provider;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;
import org.linli.core.Nullable;
import org.linli.core.error.Problems;
import org.linli.core.geo.GeoPoint;
import org.linli.core.geo.GeoPolygon;
import org.linli.core.rating.Rating;
import org.linli.core.service.ServiceDetails;
import org.linli.core.taxonomy.Skill;

/**
 * A social worker, agency or service project that can take cases. Immutable and thread-safe.
 *
 * <p>The service area is {@code serviceArea} when present, else the circle of {@code
 * serviceRadiusMeters} around {@code location}; at least one of the two must be given.
 *
 * <p>Its constructor throws {@link org.linli.core.error.InvalidInputException} naming every
 * offending field
 *
 * @param id stable id, 1..64 of {@code [A-Za-z0-9._:-]}
 * @param kind worker, agency or project
 * @param name display name, 1..200 characters
 * @param agencyId owning agency, or null
 * @param location where the provider is based (WGS84)
 * @param serviceRadiusMeters radius of the circular service area in metres, in (0, 100 000], or
 *     null
 * @param serviceArea polygonal service area, or null
 * @param skills offered skills, at least one, no duplicates
 * @param description free text describing the service, at most 4 000 characters; may be empty
 * @param languages languages spoken (lower-case codes such as {@code zh}, {@code yue}, {@code en})
 * @param qualification qualification label, or null
 * @param capacity how many open cases the provider can hold, in [0, 100 000]
 * @param activeCases how many it holds now, in [0, 1 000 000]
 * @param status whether it takes new cases
 * @param rating rating summary, or null when unknown (the index then uses the prior)
 * @param updatedAt time of the last write, or null before the first
 * @param details phones, hours, cost, eligibility, accessibility and status reason; {@link
 *     ServiceDetails#NONE} when none are given. A {@code statusUntil} needs a status other than
 *     ACTIVE (the status that ends by itself).
 */
public record Provider(
    String id,
    ProviderKind kind,
    String name,
    @Nullable String agencyId,
    GeoPoint location,
    @Nullable Double serviceRadiusMeters,
    @Nullable GeoPolygon serviceArea,
    Set<Skill> skills,
    String description,
    List<String> languages,
    @Nullable String qualification,
    int capacity,
    int activeCases,
    ProviderStatus status,
    @Nullable Rating rating,
    @Nullable Instant updatedAt,
    ServiceDetails details) {

  /** A provider without service details. */
  public Provider(
      String id,
      ProviderKind kind,
      String name,
      @Nullable String agencyId,
      GeoPoint location,
      @Nullable Double serviceRadiusMeters,
      @Nullable GeoPolygon serviceArea,
      Set<Skill> skills,
      String description,
      List<String> languages,
      @Nullable String qualification,
      int capacity,
      int activeCases,
      ProviderStatus status,
      @Nullable Rating rating,
      @Nullable Instant updatedAt) {
    this(
        id,
        kind,
        name,
        agencyId,
        location,
        serviceRadiusMeters,
        serviceArea,
        skills,
        description,
        languages,
        qualification,
        capacity,
        activeCases,
        status,
        rating,
        updatedAt,
        ServiceDetails.NONE);
  }

  /**
   * The radius of the circular service area, for a provider without a polygon (the rules require
   * one of the two).
   */
  public double circleRadiusMeters() {
    if (serviceRadiusMeters == null) {
      throw new IllegalStateException("provider " + id + " has a polygon, not a circle");
    }
    return serviceRadiusMeters;
  }

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
    // Every write and every copy of a provider passes here, so messages are built only for failures
    // and the
    // patterns are checked by hand (ID and LANGUAGE state the same rules; a test compares them).
    Problems p = new Problems();
    if (!isValidId(id)) {
      p.add("id", "id " + quote(id) + " must be 1..64 characters of A-Z a-z 0-9 . _ : -");
    }
    if (kind == null) {
      p.add("kind", "kind is required: WORKER, AGENCY or PROJECT");
    }
    if (name == null || name.isBlank() || name.length() > MAX_NAME) {
      p.add("name", "name is required, 1.." + MAX_NAME + " characters");
    }
    if (agencyId != null && !isValidId(agencyId)) {
      p.add(
          "agencyId",
          "agencyId " + quote(agencyId) + " must be 1..64 characters of A-Z a-z 0-9 . _ : -");
    }
    if (location == null) {
      p.add("location", "location is required");
    }
    if (serviceRadiusMeters != null) {
      double r = serviceRadiusMeters;
      if (!(r > 0 && r <= MAX_RADIUS_METERS)) {
        p.add(
            "serviceRadiusMeters",
            "serviceRadiusMeters " + r + " outside (0, " + (long) MAX_RADIUS_METERS + "]");
      }
    }
    if (serviceRadiusMeters == null && serviceArea == null) {
      p.add("serviceRadiusMeters", "either serviceRadiusMeters or serviceArea is required");
    }
    if (skills == null || skills.isEmpty()) {
      p.add("skills", "at least one skill is required");
    }
    if (description != null && description.length() > MAX_DESCRIPTION) {
      p.add(
          "description",
          "description has " + description.length() + " characters, more than " + MAX_DESCRIPTION);
    }
    if (languages != null) {
      if (languages.size() > MAX_LANGUAGES) {
        p.add("languages", languages.size() + " languages, more than " + MAX_LANGUAGES);
      }
      for (int i = 0; i < languages.size(); i++) {
        String lang = languages.get(i);
        if (!isLanguageCode(lang)) {
          p.add(
              "languages[" + i + "]",
              "language " + quote(lang) + " is not a language code such as zh, yue or en");
        }
      }
    }
    if (qualification != null && qualification.length() > 100) {
      p.add("qualification", "qualification is longer than 100 characters");
    }
    if (capacity < 0 || capacity > MAX_CAPACITY) {
      p.add("capacity", "capacity " + capacity + " outside [0, " + MAX_CAPACITY + "]");
    }
    if (activeCases < 0 || activeCases > 1_000_000) {
      p.add("activeCases", "activeCases " + activeCases + " outside [0, 1000000]");
    }
    if (status == null) {
      p.add("status", "status is required: ACTIVE, INACTIVE or SUSPENDED");
    }
    if (details == null) {
      details = ServiceDetails.NONE;
    } else if (details.statusUntil() != null && status == ProviderStatus.ACTIVE) {
      p.add(
          "statusUntil",
          "statusUntil is the day a status other than ACTIVE ends; an ACTIVE provider has none");
    }
    p.throwIfAny();
    skills = Skill.canonical(skills);
    description = description == null ? "" : description;
    languages = languages == null ? List.of() : List.copyOf(languages);
  }

  /** Whether {@code s} matches {@link #ID}: 1..64 characters of {@code A-Z a-z 0-9 . _ : -}. */
  public static boolean isValidId(String s) {
    if (s == null || s.isEmpty() || s.length() > 64) {
      return false;
    }
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (!(isAsciiAlnum(c) || c == '.' || c == '_' || c == ':' || c == '-')) {
        return false;
      }
    }
    return true;
  }

  /**
   * Whether {@code s} matches {@link #LANGUAGE}: 2-3 lower-case letters, then up to three {@code
   * -subtag}s of 2-8.
   */
  public static boolean isLanguageCode(String s) {
    if (s == null) {
      return false;
    }
    int n = s.length();
    int i = 0;
    while (i < n && s.charAt(i) >= 'a' && s.charAt(i) <= 'z') {
      i++;
    }
    if (i < 2 || i > 3) {
      return false;
    }
    for (int subtags = 0; i < n; subtags++) {
      if (subtags == 3 || s.charAt(i) != '-') {
        return false;
      }
      int start = ++i;
      while (i < n && isAsciiAlnum(s.charAt(i))) {
        i++;
      }
      if (i - start < 2 || i - start > 8) {
        return false;
      }
    }
    return true;
  }

  private static boolean isAsciiAlnum(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
  }

  /** This provider with another case count. */
  public Provider withActiveCases(int newActiveCases) {
    return copy(agencyId, newActiveCases, status, rating, updatedAt, details);
  }

  /** This provider with another rating. */
  public Provider withRating(Rating newRating) {
    return copy(agencyId, activeCases, status, newRating, updatedAt, details);
  }

  /** This provider stamped with the time of its write. */
  public Provider withUpdatedAt(Instant time) {
    return copy(agencyId, activeCases, status, rating, Objects.requireNonNull(time), details);
  }

  /**
   * Whether a status other than ACTIVE has ended by {@code now}: its {@code statusUntil} day has
   * begun in the provider's zone.
   */
  public boolean statusLapsed(Instant now) {
    java.time.LocalDate until = details.statusUntil();
    return status != ProviderStatus.ACTIVE
        && until != null
        && !now.atZone(details.zone()).toLocalDate().isBefore(until);
  }

  /** This provider ACTIVE again, its status reason and until-date gone (its status ended). */
  public Provider reactivated() {
    return copy(
        agencyId,
        activeCases,
        ProviderStatus.ACTIVE,
        rating,
        updatedAt,
        details.withStatus(null, null));
  }

  /** This provider of another agency (null: of none). */
  public Provider withAgency(@Nullable String newAgencyId) {
    return copy(newAgencyId, activeCases, status, rating, updatedAt, details);
  }

  /** This provider with other service details. */
  public Provider withDetails(ServiceDetails newDetails) {
    return copy(agencyId, activeCases, status, rating, updatedAt, newDetails);
  }

  /** This provider with the fields that change over its life replaced. */
  private Provider copy(
      @Nullable String newAgencyId,
      int newActiveCases,
      ProviderStatus newStatus,
      @Nullable Rating newRating,
      @Nullable Instant newUpdatedAt,
      ServiceDetails newDetails) {
    return new Provider(
        id,
        kind,
        name,
        newAgencyId,
        location,
        serviceRadiusMeters,
        serviceArea,
        skills,
        description,
        languages,
        qualification,
        capacity,
        newActiveCases,
        newStatus,
        newRating,
        newUpdatedAt,
        newDetails);
  }

  private static String quote(String s) {
    return s == null ? "null" : '"' + (s.length() > 80 ? s.substring(0, 80) + "…" : s) + '"';
  }
}
