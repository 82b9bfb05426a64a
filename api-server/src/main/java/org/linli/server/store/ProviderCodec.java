package org.linli.server.store;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.linli.core.cases.Reservations;
import org.linli.core.geo.GeoPoint;
import org.linli.core.geo.GeoPolygon;
import org.linli.core.provider.Provider;
import org.linli.core.provider.ProviderKind;
import org.linli.core.provider.ProviderStatus;
import org.linli.core.rating.Dimension;
import org.linli.core.rating.Rating;
import org.linli.core.service.ServiceDetails;
import org.linli.core.taxonomy.Skill;
import org.linli.server.json.Json;

/**
 * The stored form of a provider: its record and its capacity holds, as one JSON document in the
 * {@code providers} map and table. The field names live here and nowhere else; the contract's JSON
 * ({@link org.linli.server.json.ProviderJson}) is a separate thing that may change on its own.
 * Documents carry their format's version ({@code v}); {@link #decode} reads every version written
 * so far (version 0 is the contract's JSON with {@code holds}, as stored before there was a codec;
 * version 2 added {@code service}, which a version-1 reader would drop, so it refuses it instead),
 * so stored data needs no migration step: a document is rewritten in the current version the next
 * time it changes. Reading trusts the document (it was validated on the way in): no strict checks,
 * no geometry validation, one streaming pass. The Hazelcast indexes and predicates name {@link
 * #AGENCY} and {@link #HOLDS}{@code [any].at}. Stateless.
 */
public final class ProviderCodec {
  /** The version {@link #encode} writes. */
  public static final int VERSION = 2;

  /** The field of the format version. */
  static final String V = "v";

  static final String ID = "id";
  static final String KIND = "kind";
  static final String NAME = "name";

  /** The owning agency's id (a hash index serves agency rosters). */
  public static final String AGENCY = "agencyId";

  static final String LOCATION = "location";
  static final String LAT = "lat";
  static final String LON = "lon";
  static final String RADIUS = "serviceRadiusMeters";
  static final String AREA = "serviceArea";
  static final String SKILLS = "skills";
  static final String DESCRIPTION = "description";
  static final String LANGUAGES = "languages";
  static final String QUALIFICATION = "qualification";
  static final String CAPACITY = "capacity";
  static final String ACTIVE = "activeCases";
  static final String STATUS = "status";
  static final String RATING = "rating";
  static final String AVERAGE = "average";
  static final String COUNT = "count";
  static final String SCORE = "score";
  static final String DIMENSIONS = "dimensions";
  static final String UPDATED = "updatedAt";

  /** The service details ({@link ServiceCodec}), absent when there are none. */
  static final String SERVICE = "service";

  /** The day a status ends, as {@code YYYY-MM-DD} (a sorted index serves the lapse round). */
  public static final String STATUS_UNTIL_PATH = SERVICE + "." + ServiceCodec.STATUS_UNTIL;

  /** The capacity holds, each {@code {caseId, token, at}} (a sorted index serves {@code at}). */
  public static final String HOLDS = "holds";

  static final String HOLD_CASE = "caseId";
  static final String HOLD_TOKEN = "token";
  static final String HOLD_AT = "at";

  private static final JsonFactory FACTORY = Json.MAPPER.getFactory();

  /** Reads a nested object as a tree in the middle of a document (the rest follows it). */
  private static final com.fasterxml.jackson.databind.ObjectReader TREE =
      Json.MAPPER
          .reader()
          .without(com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

  private ProviderCodec() {}

  /** A stored provider: the record ({@code activeCases} as the holds count it) and its holds. */
  public record Stored(Provider provider, Reservations reservations) {
    /**
     * The record's {@code activeCases} is always the reservations' (one state, kept in one place).
     */
    public Stored {
      if (provider.activeCases() != reservations.activeCases()) {
        provider = provider.withActiveCases(reservations.activeCases());
      }
    }
  }

  /** A new provider as stored: {@code activeCases} units taken outside Linli, no holds. */
  public static String encode(Provider p) {
    return encode(p, new Reservations(p.activeCases(), List.of()));
  }

  /** The document of {@code p} with reservations {@code r} (its {@code activeCases} from them). */
  public static String encode(Provider p, Reservations r) {
    StringWriter out = new StringWriter(768);
    try (JsonGenerator g = FACTORY.createGenerator(out)) {
      g.writeStartObject();
      g.writeNumberField(V, VERSION);
      g.writeStringField(ID, p.id());
      g.writeStringField(KIND, p.kind().name());
      g.writeStringField(NAME, p.name());
      if (p.agencyId() != null) {
        g.writeStringField(AGENCY, p.agencyId());
      }
      g.writeObjectFieldStart(LOCATION);
      g.writeNumberField(LAT, p.location().lat());
      g.writeNumberField(LON, p.location().lon());
      g.writeEndObject();
      if (p.serviceRadiusMeters() != null) {
        g.writeNumberField(RADIUS, p.serviceRadiusMeters());
      }
      if (p.serviceArea() != null) {
        writeArea(g, p.serviceArea());
      }
      g.writeArrayFieldStart(SKILLS);
      for (Skill s : p.skills()) {
        g.writeString(s.code());
      }
      g.writeEndArray();
      if (p.description() != null) {
        g.writeStringField(DESCRIPTION, p.description());
      }
      g.writeArrayFieldStart(LANGUAGES);
      for (String l : p.languages()) {
        g.writeString(l);
      }
      g.writeEndArray();
      if (p.qualification() != null) {
        g.writeStringField(QUALIFICATION, p.qualification());
      }
      g.writeNumberField(CAPACITY, p.capacity());
      g.writeNumberField(ACTIVE, r.activeCases());
      g.writeStringField(STATUS, p.status().name());
      if (p.rating() != null) {
        writeRating(g, p.rating());
      }
      if (p.updatedAt() != null) {
        g.writeStringField(UPDATED, p.updatedAt().toString());
      }
      if (!p.details().isEmpty()) {
        g.writeFieldName(SERVICE);
        ServiceCodec.write(g, p.details());
      }
      if (!r.holds().isEmpty()) {
        g.writeArrayFieldStart(HOLDS);
        for (Reservations.Hold h : r.holds()) {
          g.writeStartObject();
          g.writeStringField(HOLD_CASE, h.caseId());
          g.writeStringField(HOLD_TOKEN, h.token());
          g.writeNumberField(HOLD_AT, h.atMillis());
          g.writeEndObject();
        }
        g.writeEndArray();
      }
      g.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException("a provider always serialises", e);
    }
    return out.toString();
  }

  private static void writeArea(JsonGenerator g, GeoPolygon area) throws IOException {
    List<List<List<double[]>>> parts = area.coordinates();
    g.writeObjectFieldStart(AREA);
    g.writeStringField("type", parts.size() == 1 ? "Polygon" : "MultiPolygon");
    g.writeArrayFieldStart("coordinates");
    for (List<List<double[]>> part : parts) {
      if (parts.size() > 1) {
        g.writeStartArray();
      }
      for (List<double[]> ring : part) {
        g.writeStartArray();
        for (double[] pos : ring) {
          g.writeStartArray();
          g.writeNumber(pos[0]);
          g.writeNumber(pos[1]);
          g.writeEndArray();
        }
        g.writeEndArray();
      }
      if (parts.size() > 1) {
        g.writeEndArray();
      }
    }
    g.writeEndArray();
    g.writeEndObject();
  }

  private static void writeRating(JsonGenerator g, Rating r) throws IOException {
    g.writeObjectFieldStart(RATING);
    if (r.average() == null) {
      g.writeNullField(AVERAGE);
    } else {
      g.writeNumberField(AVERAGE, r.average());
    }
    g.writeNumberField(COUNT, r.count());
    g.writeNumberField(SCORE, r.score());
    if (!r.dimensions().isEmpty()) {
      g.writeObjectFieldStart(DIMENSIONS);
      for (Map.Entry<Dimension, Double> d : r.dimensions().entrySet()) {
        g.writeNumberField(d.getKey().field(), d.getValue());
      }
      g.writeEndObject();
    }
    g.writeEndObject();
  }

  /**
   * The provider and holds of a stored document of any version so far.
   *
   * @throws IllegalStateException for a document of a version this code does not know (written by a
   *     newer Linli), or one that is not a stored provider
   */
  public static Stored decode(String json) {
    try (JsonParser in = FACTORY.createParser(json)) {
      return read(in);
    } catch (IOException e) {
      throw new IllegalStateException("a stored provider document is not JSON: " + e, e);
    }
  }

  /**
   * The {@code agencyId} of a stored provider document (null if it has none), reading only as far
   * as that field: the case flow asks it of every candidate of every need.
   */
  public static String agencyIdOf(String json) {
    try (JsonParser in = FACTORY.createParser(json)) {
      expect(in.nextToken(), JsonToken.START_OBJECT);
      while (in.nextToken() == JsonToken.FIELD_NAME) {
        String field = in.currentName();
        JsonToken t = in.nextToken();
        if (field.equals(V) && in.getIntValue() > VERSION) {
          return decode(json).provider().agencyId(); // refuses it, saying why
        }
        if (field.equals(AGENCY)) {
          return t == JsonToken.VALUE_NULL ? null : in.getText();
        }
        in.skipChildren();
      }
      return null;
    } catch (IOException e) {
      throw new IllegalStateException("a stored provider document is not JSON: " + e, e);
    }
  }

  private static Stored read(JsonParser in) throws IOException {
    expect(in.nextToken(), JsonToken.START_OBJECT);
    int version = 0;
    String id = null;
    ProviderKind kind = null;
    String name = null;
    String agencyId = null;
    GeoPoint location = null;
    Double radius = null;
    GeoPolygon area = null;
    Set<Skill> skills = EnumSet.noneOf(Skill.class);
    String description = null;
    List<String> languages = new ArrayList<>();
    String qualification = null;
    int capacity = 0;
    int activeCases = 0;
    ProviderStatus status = ProviderStatus.ACTIVE;
    Rating rating = null;
    Instant updatedAt = null;
    List<Reservations.Hold> holds = new ArrayList<>();
    ServiceDetails details = ServiceDetails.NONE;
    while (in.nextToken() == JsonToken.FIELD_NAME) {
      String field = in.currentName();
      JsonToken t = in.nextToken();
      if (t == JsonToken.VALUE_NULL) {
        continue;
      }
      switch (field) {
        case V -> version = in.getIntValue();
        case ID -> id = in.getText();
        case KIND -> kind = ProviderKind.valueOf(in.getText());
        case NAME -> name = in.getText();
        case AGENCY -> agencyId = in.getText();
        case LOCATION -> location = readPoint(in);
        case RADIUS -> radius = in.getDoubleValue();
        case AREA -> area = readArea(in);
        case SKILLS -> {
          while (in.nextToken() != JsonToken.END_ARRAY) {
            skills.add(Skill.fromCode(in.getText()).orElseThrow());
          }
        }
        case DESCRIPTION -> description = in.getText();
        case LANGUAGES -> {
          while (in.nextToken() != JsonToken.END_ARRAY) {
            languages.add(in.getText());
          }
        }
        case QUALIFICATION -> qualification = in.getText();
        case CAPACITY -> capacity = in.getIntValue();
        case ACTIVE -> activeCases = in.getIntValue();
        case STATUS -> status = ProviderStatus.valueOf(in.getText());
        case RATING -> rating = readRating(in);
        case UPDATED -> updatedAt = Instant.parse(in.getText());
        case SERVICE -> details = ServiceCodec.read(TREE.readTree(in));
        case HOLDS -> {
          while (in.nextToken() == JsonToken.START_OBJECT) {
            holds.add(readHold(in));
          }
        }
        default -> in.skipChildren(); // a field of the contract's JSON that the record derives
      }
    }
    StoredFormats.requireReadable(version, VERSION, "provider " + id);
    Reservations reservations = new Reservations(Math.max(activeCases, holds.size()), holds);
    Provider p =
        new Provider(
            id,
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
            reservations.activeCases(),
            status,
            rating,
            updatedAt,
            details);
    return new Stored(p, reservations);
  }

  private static GeoPoint readPoint(JsonParser in) throws IOException {
    double lat = Double.NaN;
    double lon = Double.NaN;
    while (in.nextToken() == JsonToken.FIELD_NAME) {
      String f = in.currentName();
      in.nextToken();
      if (f.equals(LAT)) {
        lat = in.getDoubleValue();
      } else if (f.equals(LON)) {
        lon = in.getDoubleValue();
      } else {
        in.skipChildren();
      }
    }
    return new GeoPoint(lat, lon);
  }

  private static GeoPolygon readArea(JsonParser in) throws IOException {
    String type = null;
    List<Object> coordinates = null;
    while (in.nextToken() == JsonToken.FIELD_NAME) {
      String f = in.currentName();
      in.nextToken();
      if (f.equals("type")) {
        type = in.getText();
      } else if (f.equals("coordinates")) {
        coordinates = asList(readArray(in));
      } else {
        in.skipChildren();
      }
    }
    List<List<List<double[]>>> parts = new ArrayList<>();
    if ("Polygon".equals(type)) {
      parts.add(rings(coordinates));
    } else {
      for (Object part : coordinates) {
        parts.add(rings(asList(part)));
      }
    }
    return GeoPolygon.of(parts);
  }

  /**
   * The array the parser is at (its START_ARRAY read): a position as a double[] {lon, lat}, or a
   * list of what it nests.
   */
  private static Object readArray(JsonParser in) throws IOException {
    JsonToken t = in.nextToken();
    if (t != null && t.isNumeric()) {
      double lon = in.getDoubleValue();
      in.nextToken();
      double lat = in.getDoubleValue();
      while (in.nextToken() != JsonToken.END_ARRAY) {
        in.skipChildren(); // an altitude, ignored
      }
      return new double[] {lon, lat};
    }
    List<Object> out = new ArrayList<>();
    while (t != JsonToken.END_ARRAY) {
      expect(t, JsonToken.START_ARRAY);
      out.add(readArray(in));
      t = in.nextToken();
    }
    return out;
  }

  private static List<List<double[]>> rings(List<Object> rings) {
    List<List<double[]>> out = new ArrayList<>();
    for (Object ring : rings) {
      List<double[]> positions = new ArrayList<>();
      for (Object pos : asList(ring)) {
        positions.add((double[]) pos);
      }
      out.add(positions);
    }
    return out;
  }

  @SuppressWarnings("unchecked")
  private static List<Object> asList(Object o) {
    return (List<Object>) o;
  }

  private static Rating readRating(JsonParser in) throws IOException {
    Double average = null;
    long count = 0;
    double score = 0;
    Map<Dimension, Double> dimensions = new EnumMap<>(Dimension.class);
    while (in.nextToken() == JsonToken.FIELD_NAME) {
      String f = in.currentName();
      JsonToken t = in.nextToken();
      switch (f) {
        case AVERAGE -> average = t == JsonToken.VALUE_NULL ? null : in.getDoubleValue();
        case COUNT -> count = in.getLongValue();
        case SCORE -> score = in.getDoubleValue();
        case DIMENSIONS -> {
          while (in.nextToken() == JsonToken.FIELD_NAME) {
            String d = in.currentName();
            in.nextToken();
            for (Dimension x : Dimension.values()) {
              if (x.field().equals(d)) {
                dimensions.put(x, in.getDoubleValue());
              }
            }
          }
        }
        default -> in.skipChildren();
      }
    }
    if (count == 0 || average == null) {
      return null; // no feedback yet: the score is the prior's, wherever it is shown
    }
    return new Rating(average, count, Math.min(5, Math.max(1, score)), dimensions);
  }

  private static Reservations.Hold readHold(JsonParser in) throws IOException {
    String caseId = null;
    String token = null;
    long at = 0;
    while (in.nextToken() == JsonToken.FIELD_NAME) {
      String f = in.currentName();
      in.nextToken();
      switch (f) {
        case HOLD_CASE -> caseId = in.getText();
        case HOLD_TOKEN -> token = in.getText();
        case HOLD_AT -> at = in.getLongValue();
        default -> in.skipChildren();
      }
    }
    return new Reservations.Hold(caseId, token, at);
  }

  private static void expect(JsonToken got, JsonToken wanted) {
    if (got != wanted) {
      throw new IllegalStateException(
          "a stored provider document: expected " + wanted + ", got " + got);
    }
  }
}
