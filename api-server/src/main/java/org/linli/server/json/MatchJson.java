package org.linli.server.json;

import com.fasterxml.jackson.databind.JsonNode;
import io.vertx.core.buffer.Buffer;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.linli.core.error.Problems;
import org.linli.core.geo.GeoPoint;
import org.linli.core.match.Explanation;
import org.linli.core.match.Match;
import org.linli.core.match.MatchRequest;
import org.linli.core.match.MatchResult;
import org.linli.core.match.NearMisses;
import org.linli.core.match.SortOrder;
import org.linli.core.provider.Provider;
import org.linli.core.provider.ProviderKind;
import org.linli.core.service.ServiceFilters;
import org.linli.core.taxonomy.Skill;
import org.linli.geo.crs.Crs;

/** The match request and answer documents of the public contract. */
public final class MatchJson {
  /** The matching fields; needs (a later endpoint) add their own to these. */
  public static final Set<String> FIELDS =
      Set.of(
          "location",
          "crs",
          "skills",
          "text",
          "kinds",
          "languages",
          "radiusMeters",
          "limit",
          "sort",
          "explain");

  private MatchJson() {}

  /**
   * Reads a match request.
   *
   * @throws org.linli.core.error.InvalidInputException naming every bad field
   */
  public static MatchRequest fromRequest(JsonNode node) {
    Problems problems = new Problems();
    JsonInput in = JsonInput.root(node, problems);
    problems.throwIfAny();
    Set<String> allowed = new java.util.HashSet<>(FIELDS);
    allowed.addAll(ServiceJson.FILTER_FIELDS);
    in.rejectUnknown(allowed);
    MatchRequest r = read(in);
    ServiceFilters service = ServiceJson.readFilters(in);
    problems.throwIfAny();
    return r.withService(service);
  }

  /** Reads the matching fields of {@code in}; null when any is bad (the problems are recorded). */
  public static MatchRequest read(JsonInput in) {
    Problems problems = in.problems();
    Crs crs = GeoJson.crs(in);
    GeoPoint location = GeoJson.point(in, "location", true, crs);
    Set<Skill> skills = ProviderJson.skills(in, "skills", false);
    String text = in.string("text", false);
    Set<ProviderKind> kinds = kinds(in);
    List<String> languages = in.strings("languages", Provider.MAX_LANGUAGES);
    Double radius = in.number("radiusMeters", false);
    Integer limit = in.integer("limit", false);
    String sortName = in.string("sort", false);
    SortOrder sort = SortOrder.SCORE;
    if (sortName != null) {
      switch (sortName) {
        case "score" -> sort = SortOrder.SCORE;
        case "distance" -> sort = SortOrder.DISTANCE;
        default ->
            problems.add(in.path("sort"), "sort \"" + sortName + "\" is not score or distance");
      }
    }
    Boolean explain = in.bool("explain");
    // The record checks the remaining rules; a field already reported as unreadable stands in with
    // its default
    // (and a bad location with a placeholder), so that one answer names every problem.
    boolean locationReported = location == null;
    GeoPoint at = location != null ? location : new GeoPoint(0, 0);
    SortOrder order = sort;
    MatchRequest r =
        problems.attempt(
            in.ownPath(),
            () ->
                new MatchRequest(
                    at,
                    skills,
                    text,
                    kinds,
                    languages,
                    radius == null ? MatchRequest.DEFAULT_RADIUS_METERS : radius,
                    limit == null ? MatchRequest.DEFAULT_LIMIT : limit,
                    order,
                    explain != null && explain));
    return locationReported || !problems.isEmpty() ? null : r;
  }

  private static Set<ProviderKind> kinds(JsonInput in) {
    List<String> names = in.strings("kinds", ProviderKind.values().length * 2);
    if (names == null) {
      return null;
    }
    Set<ProviderKind> out = EnumSet.noneOf(ProviderKind.class);
    for (int i = 0; i < names.size(); i++) {
      String n = names.get(i);
      try {
        out.add(ProviderKind.valueOf(n));
      } catch (IllegalArgumentException e) {
        in.problems()
            .add(
                in.path("kinds") + "[" + i + "]",
                "kind \"" + n + "\" is not one of WORKER, AGENCY, PROJECT");
      }
    }
    return out;
  }

  /**
   * The response document of a match, written straight to UTF-8 bytes: the match path's answer is
   * its hottest document, and building a tree then serialising it took most of the server's time
   * per request.
   */
  public static Buffer render(MatchResult result) {
    return render(result, Set.of());
  }

  /** As {@link #render(MatchResult)}, saying which skills the need classifier chose, if any. */
  public static Buffer render(MatchResult result, Set<Skill> inferredSkills) {
    return render(result, inferredSkills, Instant.now(), List.of());
  }

  /**
   * The answer with each match's summary as at {@code now}, the skills the classifier chose and the
   * near-misses, if any.
   */
  public static Buffer render(
      MatchResult result,
      Set<Skill> inferredSkills,
      Instant now,
      List<NearMisses.NearMiss> nearMisses) {
    // The size is estimated from the answer's own strings before any is written: with a million
    // providers those
    // strings are seldom in cache, and reading them all in one pass of their own (independent
    // loads) lets their
    // misses overlap, where the writer would meet them one at a time. Its answer is only a size
    // hint.
    int size = 64;
    for (Match m : result.matches()) {
      size += 320 + m.providerId().length() + 3 * m.name().length();
    }
    return Json.render(
        size,
        g -> {
          g.writeStartObject();
          g.writeArrayFieldStart("matches");
          for (Match m : result.matches()) {
            g.writeStartObject();
            g.writeStringField("providerId", m.providerId());
            g.writeStringField("kind", m.kind().name());
            g.writeStringField("name", m.name());
            g.writeNumberField("distanceMeters", m.distanceMeters());
            g.writeNumberField("score", m.score());
            g.writeBooleanField("verified", m.verified());
            g.writeFieldName("rating");
            ProviderJson.writeRating(g, m.rating());
            Explanation e = m.explanation();
            if (e != null) {
              g.writeObjectFieldStart("explanation");
              g.writeNumberField("distance", e.distance());
              g.writeNumberField("text", e.text());
              g.writeNumberField("rating", e.rating());
              g.writeNumberField("capacity", e.capacity());
              g.writeEndObject();
            }
            ServiceJson.writeSummary(g, m.summary(now));
            g.writeEndObject();
          }
          g.writeEndArray();
          if (!nearMisses.isEmpty()) {
            g.writeArrayFieldStart("nearMisses");
            for (NearMisses.NearMiss n : nearMisses) {
              Match m = n.match();
              g.writeStartObject();
              g.writeStringField("providerId", m.providerId());
              g.writeStringField("kind", m.kind().name());
              g.writeStringField("name", m.name());
              g.writeNumberField("distanceMeters", m.distanceMeters());
              ServiceJson.writeUnmet(g, n.fails());
              ServiceJson.writeSummary(g, m.summary(now));
              g.writeEndObject();
            }
            g.writeEndArray();
          }
          g.writeNumberField("total", result.total());
          g.writeBooleanField("totalCapped", result.totalCapped());
          if (!inferredSkills.isEmpty()) {
            g.writeArrayFieldStart("inferredSkills");
            for (Skill s : inferredSkills) {
              g.writeString(s.code());
            }
            g.writeEndArray();
          }
          g.writeEndObject();
        });
  }
}
