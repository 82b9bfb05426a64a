package org.linli.server.hsds;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * A structural check of HSDS 3 {@code organization_full} documents, written from the
 * specification's schema reference (required fields, their types, formats and code lists) for the
 * objects Linli exchanges: organization, service, service_at_location, location, address, phone,
 * schedule, language, service_area, cost_option, accessibility, attribute with its taxonomy_term.
 * Answers every violation with its path; empty means the document passes.
 */
public final class HsdsStructure {
  private static final Pattern UUID =
      Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
  private static final Pattern DATE = Pattern.compile("\\d{4}-\\d{2}-\\d{2}");
  private static final Pattern DAYS =
      Pattern.compile("(MO|TU|WE|TH|FR|SA|SU)(,(MO|TU|WE|TH|FR|SA|SU))*");
  private static final Pattern TIME = Pattern.compile("([01]\\d|2[0-4]):[0-5]\\d(:[0-5]\\d)?");
  private static final Pattern COUNTRY = Pattern.compile("[A-Z]{2}");

  private final List<String> problems = new ArrayList<>();

  private HsdsStructure() {}

  /** Every violation in an array of organizations. */
  public static List<String> check(JsonNode organizations) {
    HsdsStructure c = new HsdsStructure();
    if (!organizations.isArray()) {
      c.problems.add("$: an export is an array of organizations");
      return c.problems;
    }
    for (int i = 0; i < organizations.size(); i++) {
      c.organization("$[" + i + "]", organizations.get(i));
    }
    return c.problems;
  }

  private void organization(String at, JsonNode o) {
    id(at, o);
    string(at, o, "name", true);
    string(at, o, "description", true);
    uri(at, o, "website");
    each(at, o, "services", this::service);
    each(at, o, "locations", this::location);
    each(at, o, "phones", this::phone);
  }

  private void service(String at, JsonNode s) {
    id(at, s);
    string(at, s, "name", true);
    code(at, s, "status", true, List.of("active", "inactive", "defunct", "temporarily closed"));
    uri(at, s, "url");
    number(at, s, "minimum_age");
    number(at, s, "maximum_age");
    each(at, s, "phones", this::phone);
    each(at, s, "schedules", this::schedule);
    each(at, s, "languages", (a, l) -> id(a, l));
    each(at, s, "service_areas", this::serviceArea);
    each(at, s, "cost_options", this::costOption);
    each(at, s, "attributes", this::attribute);
    each(at, s, "service_at_locations", this::serviceAtLocation);
  }

  private void serviceAtLocation(String at, JsonNode sal) {
    id(at, sal);
    each(at, sal, "phones", this::phone);
    each(at, sal, "schedules", this::schedule);
    if (sal.has("location")) {
      location(at + ".location", sal.get("location"));
    }
  }

  private void location(String at, JsonNode l) {
    id(at, l);
    code(at, l, "location_type", true, List.of("physical", "postal", "virtual"));
    number(at, l, "latitude");
    number(at, l, "longitude");
    each(at, l, "addresses", this::address);
    each(at, l, "phones", this::phone);
    each(at, l, "schedules", this::schedule);
    each(at, l, "accessibility", (a, x) -> id(a, x));
  }

  private void address(String at, JsonNode a) {
    id(at, a);
    for (String f : new String[] {"address_1", "city", "state_province", "postal_code"}) {
      string(at, a, f, true);
    }
    if (string(at, a, "country", true) && !COUNTRY.matcher(a.get("country").asText()).matches()) {
      problems.add(at + ".country: an ISO 3166-1 two-letter code");
    }
    code(at, a, "address_type", true, List.of("physical", "postal", "virtual"));
  }

  private void phone(String at, JsonNode p) {
    id(at, p);
    string(at, p, "number", true);
    number(at, p, "extension");
  }

  private void schedule(String at, JsonNode s) {
    id(at, s);
    code(at, s, "freq", false, List.of("WEEKLY", "MONTHLY"));
    pattern(at, s, "byday", DAYS);
    pattern(at, s, "opens_at", TIME);
    pattern(at, s, "closes_at", TIME);
    pattern(at, s, "valid_from", DATE);
    pattern(at, s, "valid_to", DATE);
    number(at, s, "timezone");
  }

  private void serviceArea(String at, JsonNode a) {
    id(at, a);
    code(at, a, "extent_type", false, List.of("geojson", "topojson", "kml", "text"));
  }

  private void costOption(String at, JsonNode c) {
    id(at, c);
    number(at, c, "amount");
  }

  private void attribute(String at, JsonNode a) {
    id(at, a);
    if (a.has("taxonomy_term")) {
      JsonNode t = a.get("taxonomy_term");
      id(at + ".taxonomy_term", t);
      string(at + ".taxonomy_term", t, "name", true);
      string(at + ".taxonomy_term", t, "description", true);
    }
  }

  private interface Check {
    void run(String at, JsonNode node);
  }

  private void each(String at, JsonNode o, String field, Check check) {
    JsonNode v = o.get(field);
    if (v == null) {
      return;
    }
    if (!v.isArray()) {
      problems.add(at + "." + field + ": an array");
      return;
    }
    for (int i = 0; i < v.size(); i++) {
      if (!v.get(i).isObject()) {
        problems.add(at + "." + field + "[" + i + "]: an object");
      } else {
        check.run(at + "." + field + "[" + i + "]", v.get(i));
      }
    }
  }

  private void id(String at, JsonNode o) {
    if (string(at, o, "id", true) && !UUID.matcher(o.get("id").asText()).matches()) {
      problems.add(at + ".id: a UUID, got " + o.get("id").asText());
    }
  }

  private boolean string(String at, JsonNode o, String field, boolean required) {
    JsonNode v = o.get(field);
    if (v == null || v.isNull()) {
      if (required) {
        problems.add(at + "." + field + ": required");
      }
      return false;
    }
    if (!v.isTextual()) {
      problems.add(at + "." + field + ": a string");
      return false;
    }
    return true;
  }

  private void number(String at, JsonNode o, String field) {
    JsonNode v = o.get(field);
    if (v != null && !v.isNull() && !v.isNumber()) {
      problems.add(at + "." + field + ": a number");
    }
  }

  private void code(String at, JsonNode o, String field, boolean required, List<String> codes) {
    if (string(at, o, field, required) && !codes.contains(o.get(field).asText())) {
      problems.add(at + "." + field + ": one of " + codes + ", got " + o.get(field).asText());
    }
  }

  private void pattern(String at, JsonNode o, String field, Pattern p) {
    if (string(at, o, field, false) && !p.matcher(o.get(field).asText()).matches()) {
      problems.add(at + "." + field + ": does not match " + p);
    }
  }

  private void uri(String at, JsonNode o, String field) {
    if (string(at, o, field, false)) {
      try {
        java.net.URI u = new java.net.URI(o.get(field).asText());
        if (u.getScheme() == null) {
          problems.add(at + "." + field + ": an absolute URI");
        }
      } catch (java.net.URISyntaxException e) {
        problems.add(at + "." + field + ": a URI");
      }
    }
  }
}
