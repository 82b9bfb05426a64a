package org.linli.server.json;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.util.TokenBuffer;
import java.io.IOException;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.linli.core.error.Problems;
import org.linli.core.geo.GeoPoint;
import org.linli.core.geo.GeoPolygon;
import org.linli.core.provider.Provider;
import org.linli.core.provider.ProviderKind;
import org.linli.core.provider.ProviderStatus;
import org.linli.core.rating.BayesianPrior;
import org.linli.core.rating.Rating;
import org.linli.core.service.ServiceDetails;
import org.linli.core.taxonomy.Skill;
import org.linli.geo.crs.Crs;

/**
 * The provider document of the public contract, read from requests (strictly, naming every bad
 * field) and from the store (trusted, including the read-only fields), and written for responses
 * and the store.
 */
public final class ProviderJson {
  /**
   * Fields a client may send; the read-only ones are accepted (a GET can be PUT back) and ignored.
   */
  private static final Set<String> FIELDS = fields();

  private static Set<String> fields() {
    Set<String> all = new java.util.HashSet<>(ServiceJson.FIELDS);
    all.addAll(
        Set.of(
            "id",
            "kind",
            "name",
            "agencyId",
            "location",
            "crs",
            "serviceRadiusMeters",
            "serviceArea",
            "skills",
            "description",
            "languages",
            "qualification",
            "capacity",
            "activeCases",
            "status",
            "rating",
            "regionCode",
            "updatedAt"));
    return Set.copyOf(all);
  }

  private ProviderJson() {}

  /**
   * Reads a provider sent by a client.
   *
   * @param node the document
   * @param pathId the id from the URL, or null (bulk import); a body id must equal it
   * @throws org.linli.core.error.InvalidInputException naming every bad field
   */
  public static Provider fromRequest(JsonNode node, String pathId) {
    Problems problems = new Problems();
    Provider p = read(JsonInput.root(node, problems), pathId, problems);
    problems.throwIfAny();
    return p;
  }

  private static Provider read(JsonInput in, String pathId, Problems problems) {
    if (!problems.isEmpty()) {
      return null;
    }
    in.rejectUnknown(FIELDS);
    String id = in.string("id", pathId == null);
    if (pathId != null) {
      if (id != null && !id.equals(pathId)) {
        problems.add(
            "id", "id \"" + id + "\" in the body differs from \"" + pathId + "\" in the URL");
      }
      id = pathId;
    }
    Crs crs = GeoJson.crs(in);
    ProviderKind kind = enumValue(in, "kind", ProviderKind.class, true);
    String name = in.string("name", true);
    String agencyId = in.string("agencyId", false);
    GeoPoint location = GeoJson.point(in, "location", true, crs);
    Double radius = in.number("serviceRadiusMeters", false);
    GeoPolygon area = crs == null ? null : GeoJson.polygon(in, "serviceArea", crs);
    Set<Skill> skills = skills(in, "skills", true);
    String description = in.string("description", false);
    List<String> languages = in.strings("languages", Provider.MAX_LANGUAGES);
    String qualification = in.string("qualification", false);
    Integer capacity = in.integer("capacity", true);
    Integer activeCases = in.integer("activeCases", false);
    ProviderStatus status =
        in.has("status")
            ? enumValue(in, "status", ProviderStatus.class, true)
            : ProviderStatus.ACTIVE;
    if (area != null && location != null) {
      double reach = farthestVertexMeters(area, location);
      if (reach > Provider.MAX_RADIUS_METERS) {
        problems.add(
            in.path("serviceArea"),
            String.format(
                java.util.Locale.ROOT,
                "serviceArea reaches %.1f km from"
                    + " location; a service area may reach at most %d km from its provider's location (the largest match"
                    + " radius), since no need farther away can be matched",
                reach / 1000,
                (long) Provider.MAX_RADIUS_METERS / 1000));
      }
    }
    ServiceDetails details = ServiceJson.read(in);
    if (!problems.isEmpty()) {
      return null;
    }
    final String finalId = id;
    return problems.attempt(
        "",
        () ->
            new Provider(
                finalId,
                kind,
                name,
                agencyId,
                location,
                radius,
                area,
                skills,
                description,
                languages,
                qualification,
                capacity,
                activeCases == null ? 0 : activeCases,
                status,
                null, // rating and updatedAt are read-only: feedback and the store set them
                null,
                details));
  }

  /**
   * The great-circle distance from {@code from} to the farthest vertex of {@code area}, in metres:
   * for areas of this size the farthest point of the polygon (distance from a point peaks on the
   * boundary, at a vertex of a great-circle edge).
   */
  static double farthestVertexMeters(GeoPolygon area, GeoPoint from) {
    double max = 0;
    for (List<List<double[]>> part : area.coordinates()) {
      for (List<double[]> ring : part) {
        for (double[] lonLat : ring) {
          max = Math.max(max, from.distanceMeters(new GeoPoint(lonLat[1], lonLat[0])));
        }
      }
    }
    return max;
  }

  /** Skill codes at {@code field}; unknown codes are named with their position. */
  public static Set<Skill> skills(JsonInput in, String field, boolean required) {
    List<String> codes = in.strings(field, Skill.values().length);
    if (codes == null) {
      if (required && !in.has(field)) {
        in.problems().add(in.path(field), field + " is required");
      }
      return null;
    }
    Set<Skill> out = EnumSet.noneOf(Skill.class);
    for (int i = 0; i < codes.size(); i++) {
      String code = codes.get(i);
      Skill s = Skill.fromCode(code).orElse(null);
      if (s == null) {
        in.problems()
            .add(
                in.path(field) + "[" + i + "]",
                "unknown skill \"" + code + "\"; the codes are listed at GET /api/v1/taxonomy");
      } else if (!out.add(s)) {
        in.problems().add(in.path(field) + "[" + i + "]", "skill " + code + " is listed twice");
      }
    }
    return out;
  }

  /** An enum constant by exact name at {@code field}. */
  public static <E extends Enum<E>> E enumValue(
      JsonInput in, String field, Class<E> type, boolean required) {
    String v = in.string(field, required);
    if (v == null) {
      return null;
    }
    E e = constant(type, v);
    if (e == null) {
      in.problems().add(in.path(field), field + " \"" + v + "\" is not one of " + names(type));
    }
    return e;
  }

  /** The constant of {@code type} named exactly {@code name}, or null. */
  static <E extends Enum<E>> E constant(Class<E> type, String name) {
    for (E e : type.getEnumConstants()) {
      if (e.name().equals(name)) {
        return e;
      }
    }
    return null;
  }

  /** The names of {@code type}'s constants, for a message: {@code "A, B, C"}. */
  static String names(Class<? extends Enum<?>> type) {
    return java.util.Arrays.stream(type.getEnumConstants())
        .map(Enum::name)
        .collect(java.util.stream.Collectors.joining(", "));
  }

  /**
   * The provider document; {@code rating} is the stored one scored under {@code prior}, or the
   * prior.
   */
  public static ObjectNode write(Provider p, BayesianPrior prior) {
    ObjectNode o = Json.object();
    o.put("id", p.id());
    o.put("kind", p.kind().name());
    o.put("name", p.name());
    if (p.agencyId() != null) {
      o.put("agencyId", p.agencyId());
    }
    o.set("location", GeoJson.write(p.location()));
    if (p.serviceRadiusMeters() != null) {
      o.put("serviceRadiusMeters", p.serviceRadiusMeters());
    }
    if (p.serviceArea() != null) {
      o.set("serviceArea", GeoJson.write(p.serviceArea()));
    }
    ArrayNode skills = o.putArray("skills");
    p.skills().forEach(s -> skills.add(s.code()));
    o.put("description", p.description());
    ArrayNode languages = o.putArray("languages");
    p.languages().forEach(languages::add);
    if (p.qualification() != null) {
      o.put("qualification", p.qualification());
    }
    o.put("capacity", p.capacity());
    o.put("activeCases", p.activeCases());
    o.put("status", p.status().name());
    o.set("rating", write(prior.rescore(p.rating())));
    if (p.updatedAt() != null) {
      o.put("updatedAt", p.updatedAt().toString());
    }
    ServiceJson.write(p.details(), o);
    return o;
  }

  public static ObjectNode write(Rating r) {
    // One definition of the rating's JSON (writeRating), read back as a tree for the tree-built
    // documents.
    try (TokenBuffer b = new TokenBuffer(Json.MAPPER, false)) {
      writeRating(b, r);
      return (ObjectNode) Json.MAPPER.readTree(b.asParser());
    } catch (IOException e) {
      throw new IllegalStateException("a rating always serialises", e);
    }
  }

  /**
   * Writes a rating as the contract's {@code rating} object (null average while there is no
   * feedback).
   */
  public static void writeRating(JsonGenerator g, Rating r) throws IOException {
    g.writeStartObject();
    if (r.average() == null) {
      g.writeNullField("average");
    } else {
      g.writeNumberField("average", r.average());
    }
    g.writeNumberField("count", r.count());
    g.writeNumberField("score", r.score());
    if (!r.dimensions().isEmpty()) {
      g.writeObjectFieldStart("dimensions");
      for (var d : r.dimensions().entrySet()) {
        g.writeNumberField(d.getKey().field(), d.getValue());
      }
      g.writeEndObject();
    }
    g.writeEndObject();
  }
}
