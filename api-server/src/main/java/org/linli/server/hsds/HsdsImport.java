package org.linli.server.hsds;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.linli.core.error.FieldError;
import org.linli.core.error.InvalidInputException;
import org.linli.core.intake.NeedIntake;
import org.linli.core.provider.Provider;
import org.linli.core.service.Accessibility;
import org.linli.core.service.CostType;
import org.linli.core.service.PhoneType;
import org.linli.core.service.ServiceDetails;
import org.linli.core.taxonomy.Skill;
import org.linli.server.json.Json;
import org.linli.server.json.ProviderJson;

/**
 * Open Referral HSDS 3 organizations as Linli providers: each service at a location becomes a
 * provider (kind PROJECT unless Linli's {@code kind} attribute says otherwise) of the
 * organization's agency. Each is built as the contract's provider document and read by {@link
 * ProviderJson#fromRequest}, so the same rules hold as for a {@code PUT}; a service at a location
 * that breaks one is listed with every reason, and the rest are kept. What HSDS lacks is filled in
 * and said: the skills are read from the service's name and description by the need classifier
 * (else the import's default skill, else the row is refused), the service radius is {@value
 * #DEFAULT_RADIUS} m and the capacity {@value #DEFAULT_CAPACITY}, unless Linli's attributes give
 * them. Not thread-safe: one per import.
 */
public final class HsdsImport {
  public static final double DEFAULT_RADIUS = 5_000;
  public static final int DEFAULT_CAPACITY = 10;

  /** A service at a location that could not be used, and why. */
  public record Rejected(String id, String organization, List<FieldError> errors) {}

  /** What an import read: the providers to store and the rows refused. */
  public record Result(List<Provider> providers, List<Rejected> rejected, int organizations) {}

  private final NeedIntake intake;
  private final Skill defaultSkill;
  private final List<Provider> providers = new ArrayList<>();
  private final List<Rejected> rejected = new ArrayList<>();
  private final Set<String> seen = new HashSet<>();
  private int organizations;

  /**
   * @param intake reads skills from a service's words
   * @param defaultSkill the skill of a service whose words say none, or null to refuse it
   */
  public HsdsImport(NeedIntake intake, Skill defaultSkill) {
    this.intake = intake;
    this.defaultSkill = defaultSkill;
  }

  /**
   * Reads one organization, an array of them, or a paged list ({@code contents}).
   *
   * @throws InvalidInputException when the document is none of these
   */
  public Result read(JsonNode root) {
    if (root.isObject() && root.has("contents")) {
      root = root.get("contents");
    }
    if (root.isObject()) {
      organization(root);
    } else if (root.isArray()) {
      for (JsonNode o : root) {
        if (!o.isObject()) {
          throw new InvalidInputException(
              "", "expected HSDS organization objects, found " + o.getNodeType());
        }
        organization(o);
      }
    } else {
      throw new InvalidInputException(
          "", "expected an HSDS organization, an array of them or a paged list with contents");
    }
    return new Result(List.copyOf(providers), List.copyOf(rejected), organizations);
  }

  private void organization(JsonNode org) {
    organizations++;
    String orgId = text(org, "id");
    Map<String, JsonNode> locations = new HashMap<>();
    for (JsonNode l : org.path("locations")) {
      if (text(l, "id") != null) {
        locations.put(text(l, "id"), l);
      }
    }
    JsonNode services = org.path("services");
    if (!services.isArray() || services.isEmpty()) {
      rejected.add(
          new Rejected(
              orgId,
              orgId,
              List.of(new FieldError("services", "the organization lists no services"))));
      return;
    }
    for (JsonNode service : services) {
      JsonNode sals = service.path("service_at_locations");
      if (!sals.isArray() || sals.isEmpty()) {
        rejected.add(
            new Rejected(
                text(service, "id"),
                orgId,
                List.of(
                    new FieldError(
                        "service_at_locations",
                        "the service is at no location; Linli needs a place to match from"))));
        continue;
      }
      for (JsonNode sal : sals) {
        JsonNode location = sal.get("location");
        if ((location == null || !location.isObject()) && text(sal, "location_id") != null) {
          location = locations.get(text(sal, "location_id"));
        }
        serviceAt(orgId, service, sal, location);
      }
    }
  }

  private void serviceAt(String orgId, JsonNode service, JsonNode sal, JsonNode location) {
    Map<String, String> attrs = attributes(service);
    String id = attrs.getOrDefault(HsdsCodes.ID, text(sal, "id"));
    if (id == null) {
      id = text(service, "id");
    }
    List<FieldError> errors = new ArrayList<>();
    if (location == null || !location.isObject()) {
      errors.add(new FieldError("location", "the service at location names no location"));
      rejected.add(new Rejected(id, orgId, errors));
      return;
    }
    ObjectNode doc = Json.object();
    doc.put("id", id);
    doc.put("kind", attrs.getOrDefault(HsdsCodes.KIND, "PROJECT"));
    doc.put("name", Optional.ofNullable(text(service, "name")).orElse(""));
    String agency = attrs.getOrDefault(HsdsCodes.AGENCY, orgId);
    if (agency != null && !agency.isEmpty()) {
      doc.put("agencyId", agency);
    }
    coordinates(location, doc, errors);
    String description = Optional.ofNullable(text(service, "description")).orElse("");
    doc.put("description", description);
    skills(doc, attrs, text(service, "name") + " " + description, errors);
    JsonNode area = area(service);
    if (area != null) {
      doc.set("serviceArea", area);
    }
    if (attrs.containsKey(HsdsCodes.RADIUS)) {
      doc.set(
          "serviceRadiusMeters",
          number(attrs.get(HsdsCodes.RADIUS), "serviceRadiusMeters", errors));
    } else if (area == null) {
      doc.put("serviceRadiusMeters", DEFAULT_RADIUS);
    }
    ArrayNode languages = doc.putArray("languages");
    for (JsonNode l : service.path("languages")) {
      String code = text(l, "code");
      if (code != null && Provider.isLanguageCode(code.toLowerCase(Locale.ROOT))) {
        languages.add(code.toLowerCase(Locale.ROOT));
      }
    }
    if (attrs.containsKey(HsdsCodes.QUALIFICATION)) {
      doc.put("qualification", attrs.get(HsdsCodes.QUALIFICATION));
    }
    if (attrs.containsKey(HsdsCodes.CAPACITY)) {
      doc.set("capacity", number(attrs.get(HsdsCodes.CAPACITY), "capacity", errors));
    } else {
      doc.put("capacity", DEFAULT_CAPACITY);
    }
    doc.put("status", attrs.getOrDefault(HsdsCodes.STATUS, status(text(service, "status"))));
    details(doc, service, sal, location, attrs, errors);
    if (!errors.isEmpty()) {
      rejected.add(new Rejected(id, orgId, errors));
      return;
    }
    try {
      Provider p = ProviderJson.fromRequest(doc, null);
      if (!seen.add(p.id())) {
        rejected.add(
            new Rejected(
                id,
                orgId,
                List.of(new FieldError("id", "service at location " + id + " is listed twice"))));
        return;
      }
      providers.add(p);
    } catch (InvalidInputException e) {
      rejected.add(new Rejected(id, orgId, e.errors()));
    }
  }

  private static void coordinates(JsonNode location, ObjectNode doc, List<FieldError> errors) {
    JsonNode lat = location.get("latitude");
    JsonNode lon = location.get("longitude");
    Double la = coordinate(lat, "latitude", 90, errors);
    Double lo = coordinate(lon, "longitude", 180, errors);
    if (la != null && lo != null) {
      if (la == 0 && lo == 0) {
        errors.add(
            new FieldError(
                "location.latitude",
                "latitude 0, longitude 0 is no place (the directory left it blank)"));
      } else {
        doc.putObject("location").put("lat", la).put("lon", lo);
      }
    }
  }

  private static Double coordinate(JsonNode v, String name, double max, List<FieldError> errors) {
    Double d = null;
    if (v != null && v.isNumber()) {
      d = v.doubleValue();
    } else if (v != null && v.isTextual()) {
      try {
        d = Double.parseDouble(v.textValue().trim());
      } catch (NumberFormatException e) {
        d = null;
      }
    }
    if (d == null || !Double.isFinite(d)) {
      errors.add(
          new FieldError(
              "location." + name, name + " is missing or not a number; Linli needs a place"));
      return null;
    }
    if (d < -max || d > max) {
      errors.add(
          new FieldError(
              "location." + name,
              name + " " + plain(d) + " outside [-" + (int) max + ", " + (int) max + "]"));
      return null;
    }
    return d;
  }

  private static String plain(double d) {
    return d == Math.rint(d) ? Long.toString((long) d) : Double.toString(d);
  }

  private void skills(
      ObjectNode doc, Map<String, String> attrs, String words, List<FieldError> errors) {
    ArrayNode skills = doc.putArray("skills");
    if (attrs.containsKey(HsdsCodes.SKILLS)) {
      for (String code : attrs.get(HsdsCodes.SKILLS).split(",")) {
        skills.add(code.trim());
      }
      return;
    }
    Optional<Skill> read = intake.classify(words).confident(NeedIntake.INFER_AT);
    if (read.isPresent()) {
      skills.add(read.get().code());
    } else if (defaultSkill != null) {
      skills.add(defaultSkill.code());
    } else {
      errors.add(
          new FieldError(
              "skills",
              "no Linli skill could be read from the service's name and description; import with"
                  + " ?skill=<code> for these, or give a linli skills attribute (codes at GET"
                  + " /api/v1/taxonomy)"));
    }
  }

  private static JsonNode area(JsonNode service) {
    for (JsonNode a : service.path("service_areas")) {
      if ("geojson".equalsIgnoreCase(text(a, "extent_type")) && text(a, "extent") != null) {
        try {
          JsonNode g =
              Json.parse(text(a, "extent").getBytes(java.nio.charset.StandardCharsets.UTF_8));
          String type = text(g, "type");
          if ("Polygon".equals(type) || "MultiPolygon".equals(type)) {
            return g;
          }
        } catch (RuntimeException e) {
          // Not GeoJSON (the examples say "extent"): the circle stands.
        }
      }
    }
    return null;
  }

  private static void details(
      ObjectNode doc,
      JsonNode service,
      JsonNode sal,
      JsonNode location,
      Map<String, String> attrs,
      List<FieldError> errors) {
    ArrayNode phones = Json.MAPPER.createArrayNode();
    Set<String> numbers = new HashSet<>();
    for (JsonNode from : new JsonNode[] {sal, service, location}) {
      for (JsonNode ph : from.path("phones")) {
        String number = text(ph, "number");
        if (number == null) {
          continue;
        }
        number = number.replace("\"", "").trim();
        if (phones.size() < ServiceDetails.MAX_PHONES
            && ServiceDetails.numberProblem(number) == null
            && numbers.add(number)) {
          PhoneType type = HsdsCodes.phoneType(text(ph, "type"), text(ph, "description"));
          phones.addObject().put("number", number).put("type", type.name());
        }
      }
    }
    if (!phones.isEmpty()) {
      doc.set("phones", phones);
    }
    JsonNode address = location.path("addresses").path(0);
    if (address.isObject()) {
      StringBuilder a = new StringBuilder();
      for (String f : new String[] {"address_1", "address_2", "city", "state_province"}) {
        String part = text(address, f);
        if (part != null && !part.isBlank()) {
          a.append(a.length() == 0 ? "" : ", ").append(part.trim());
        }
      }
      if (a.length() > 0) {
        doc.put(
            "address",
            a.length() > ServiceDetails.MAX_ADDRESS
                ? a.substring(0, ServiceDetails.MAX_ADDRESS)
                : a.toString());
      }
    }
    String url = text(service, "url");
    if (url != null && ServiceDetails.websiteProblem(url) == null) {
      doc.put("website", url);
    }
    ArrayNode schedules = Json.MAPPER.createArrayNode();
    for (JsonNode from : new JsonNode[] {sal, service, location}) {
      for (JsonNode sc : from.path("schedules")) {
        ObjectNode s = schedule(sc);
        if (s != null && schedules.size() < ServiceDetails.MAX_SCHEDULES) {
          schedules.add(s);
        }
      }
    }
    if (!schedules.isEmpty()) {
      doc.set("schedules", schedules);
    }
    if (attrs.containsKey(HsdsCodes.CLOSURES)) {
      try {
        doc.set(
            "closures",
            Json.parse(
                attrs.get(HsdsCodes.CLOSURES).getBytes(java.nio.charset.StandardCharsets.UTF_8)));
      } catch (RuntimeException e) {
        errors.add(
            new FieldError("attributes.closures", "the closures attribute is not a JSON array"));
      }
    }
    JsonNode cost = service.path("cost_options").path(0);
    if (cost.isObject()) {
      CostType type = null;
      String option = text(cost, "option");
      for (CostType t : CostType.values()) {
        if (t.name().equals(option)) {
          type = t;
        }
      }
      if (type == null && cost.path("amount").isNumber()) {
        type = cost.get("amount").doubleValue() == 0 ? CostType.FREE : CostType.PAID;
      }
      if (type != null) {
        ObjectNode c = doc.putObject("cost").put("type", type.name());
        String note = text(cost, "amount_description");
        if (note != null && !note.isBlank()) {
          c.put("note", note);
        }
      }
    }
    ObjectNode eligibility = Json.object();
    if (service.path("minimum_age").isNumber()) {
      eligibility.put("minAge", service.get("minimum_age").intValue());
    }
    if (service.path("maximum_age").isNumber()) {
      eligibility.put("maxAge", service.get("maximum_age").intValue());
    }
    list(attrs.get(HsdsCodes.RESIDENCE), eligibility, "residence");
    list(attrs.get(HsdsCodes.INCOME), eligibility, "income");
    if ("true".equals(attrs.get(HsdsCodes.DISABILITY))) {
      eligibility.put("disabilityRequired", true);
    }
    if (!eligibility.isEmpty()) {
      doc.set("eligibility", eligibility);
    }
    Set<Accessibility> access = EnumSet.noneOf(Accessibility.class);
    for (JsonNode a : location.path("accessibility")) {
      access.addAll(HsdsCodes.accessibility(text(a, "description")));
    }
    if (!access.isEmpty()) {
      ArrayNode arr = doc.putArray("accessibility");
      access.forEach(a -> arr.add(a.name()));
    }
    if (attrs.containsKey(HsdsCodes.STATUS_REASON)) {
      doc.put("statusReason", attrs.get(HsdsCodes.STATUS_REASON));
    }
    if (attrs.containsKey(HsdsCodes.STATUS_UNTIL)) {
      doc.put("statusUntil", attrs.get(HsdsCodes.STATUS_UNTIL));
    }
    if (attrs.containsKey(HsdsCodes.TIME_ZONE)) {
      doc.put("timeZone", attrs.get(HsdsCodes.TIME_ZONE));
    }
  }

  /** A weekly schedule with days and times, in the contract's form; null for any other kind. */
  private static ObjectNode schedule(JsonNode sc) {
    String freq = text(sc, "freq");
    String byday = text(sc, "byday");
    String opens = text(sc, "opens_at");
    String closes = text(sc, "closes_at");
    if ((freq != null && !freq.equalsIgnoreCase("WEEKLY"))
        || byday == null
        || opens == null
        || closes == null
        || opens.length() < 5
        || closes.length() < 5) {
      return null;
    }
    ObjectNode s = Json.object();
    ArrayNode days = s.putArray("byDay");
    for (String d : byday.split(",")) {
      days.add(d.trim().toUpperCase(Locale.ROOT));
    }
    s.put("opensAt", opens.substring(0, 5));
    s.put("closesAt", closes.substring(0, 5));
    if (text(sc, "valid_from") != null) {
      s.put("validFrom", text(sc, "valid_from"));
    }
    if (text(sc, "valid_to") != null) {
      s.put("validTo", text(sc, "valid_to"));
    }
    return s;
  }

  private static void list(String value, ObjectNode into, String field) {
    if (value != null && !value.isBlank()) {
      ArrayNode a = into.putArray(field);
      for (String v : value.split(",")) {
        a.add(v.trim());
      }
    }
  }

  private static JsonNode number(String value, String field, List<FieldError> errors) {
    try {
      if (value.matches("-?\\d{1,9}")) {
        return Json.MAPPER.getNodeFactory().numberNode(Integer.parseInt(value));
      }
      return Json.MAPPER.getNodeFactory().numberNode(Double.parseDouble(value));
    } catch (NumberFormatException e) {
      errors.add(
          new FieldError("attributes." + field, field + " \"" + value + "\" is not a number"));
      return Json.MAPPER.getNodeFactory().nullNode();
    }
  }

  /** Linli's attributes of a service: its {@code linli}-taxonomy attributes by code. */
  private static Map<String, String> attributes(JsonNode service) {
    Map<String, String> out = new LinkedHashMap<>();
    for (JsonNode a : service.path("attributes")) {
      JsonNode term = a.path("taxonomy_term");
      String code = text(term, "code");
      // A value left out (an empty CSV cell) is the empty value: for agencyId, no agency.
      if (HsdsCodes.TAXONOMY.equals(text(term, "taxonomy")) && code != null) {
        String value = text(a, "value");
        out.put(code, value == null ? "" : value);
      }
    }
    return out;
  }

  private static String status(String hsds) {
    if (hsds == null) {
      return "ACTIVE";
    }
    return switch (hsds.toLowerCase(Locale.ROOT)) {
      case "inactive", "defunct" -> "INACTIVE";
      case "temporarily closed" -> "SUSPENDED";
      default -> "ACTIVE";
    };
  }

  static String text(JsonNode o, String field) {
    JsonNode v = o == null ? null : o.get(field);
    if (v == null || v.isNull() || v.isContainerNode()) {
      return null;
    }
    return v.asText();
  }
}
