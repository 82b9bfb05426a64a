package org.linli.server.hsds;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.linli.core.error.FieldError;
import org.linli.server.json.Json;

/** Tables joined back into {@code organization_full} trees, for {@link HsdsImport}. */
final class HsdsTrees {
  private HsdsTrees() {}

  /** HSDS 3 tables, linked by their {@code *_id} columns. */
  static List<ObjectNode> fromHsds3(Map<String, List<Map<String, String>>> t) {
    Map<String, ObjectNode> orgs = new LinkedHashMap<>();
    for (Map<String, String> r : table(t, "organizations")) {
      orgs.put(r.get("id"), object(r));
    }
    Map<String, ObjectNode> locations = new LinkedHashMap<>();
    for (Map<String, String> r : table(t, "locations")) {
      ObjectNode l = object(r);
      l.remove("organization_id");
      locations.put(r.get("id"), l);
    }
    Map<String, String> termTaxonomy = new LinkedHashMap<>();
    Map<String, ObjectNode> terms = new LinkedHashMap<>();
    for (Map<String, String> r : table(t, "taxonomy_terms")) {
      terms.put(r.get("id"), object(r));
      termTaxonomy.put(r.get("id"), r.get("taxonomy"));
    }
    Map<String, ObjectNode> services = new LinkedHashMap<>();
    for (Map<String, String> r : table(t, "services")) {
      ObjectNode s = object(r);
      String orgId = r.get("organization_id");
      s.remove("organization_id");
      services.put(r.get("id"), s);
      ObjectNode org =
          orgs.computeIfAbsent(orgId, id -> Json.object().put("id", id).put("name", id));
      org.withArray("services").add(s);
    }
    attach(t, "phones", "service_id", services, "phones");
    attach(t, "schedules", "service_id", services, "schedules");
    attach(t, "languages", "service_id", services, "languages");
    attach(t, "service_areas", "service_id", services, "service_areas");
    attach(t, "cost_options", "service_id", services, "cost_options");
    attach(t, "phones", "location_id", locations, "phones");
    attach(t, "schedules", "location_id", locations, "schedules");
    attach(t, "addresses", "location_id", locations, "addresses");
    attach(t, "accessibility", "location_id", locations, "accessibility");
    for (Map<String, String> r : table(t, "attributes")) {
      ObjectNode s = services.get(r.get("link_id"));
      if (s != null) {
        ObjectNode a = object(r);
        ObjectNode term = terms.get(r.get("taxonomy_term_id"));
        if (term != null) {
          a.set("taxonomy_term", term.deepCopy());
        }
        s.withArray("attributes").add(a);
      }
    }
    for (Map<String, String> r : table(t, "service_at_location")) {
      ObjectNode s = services.get(r.get("service_id"));
      if (s == null) {
        continue;
      }
      ObjectNode sal = Json.object().put("id", r.get("id"));
      ObjectNode loc = locations.get(r.get("location_id"));
      if (loc != null) {
        sal.set("location", loc.deepCopy());
      } else {
        sal.put("location_id", r.get("location_id"));
      }
      for (Map<String, String> ph : table(t, "phones")) {
        if (r.get("id").equals(ph.get("service_at_location_id"))
            && ph.getOrDefault("service_id", "").isEmpty()) {
          sal.withArray("phones").add(object(ph));
        }
      }
      s.withArray("service_at_locations").add(sal);
    }
    return new ArrayList<>(orgs.values());
  }

  /**
   * The older Open Referral CSV form (Ohana, 2014): {@code service.csv} rows with their {@code
   * location_id}, {@code location.csv} with {@code coordinates} as "lat,lon", phones and addresses
   * per location.
   */
  static List<ObjectNode> fromOhana(
      Map<String, List<Map<String, String>>> t, List<HsdsTables.RowProblem> problems) {
    Map<String, ObjectNode> orgs = new LinkedHashMap<>();
    for (Map<String, String> r : table(t, "organization")) {
      String id = r.get("organization_id");
      orgs.put(id, Json.object().put("id", id).put("name", r.getOrDefault("name", id)));
    }
    Map<String, ObjectNode> locations = new LinkedHashMap<>();
    for (Map<String, String> r : table(t, "location")) {
      ObjectNode l = Json.object().put("id", r.get("location_id")).put("name", r.get("name"));
      String coordinates = r.getOrDefault("coordinates", "");
      String[] parts = coordinates.split(",");
      if (parts.length == 2) {
        l.put("latitude", parts[0].trim());
        l.put("longitude", parts[1].trim());
      }
      String access = r.get("accessibility");
      if (access != null && !access.isBlank()) {
        for (String a : access.split(",")) {
          l.withArray("accessibility").addObject().put("description", a.trim());
        }
      }
      locations.put(r.get("location_id"), l);
    }
    for (Map<String, String> r : table(t, "phone")) {
      ObjectNode l = locations.get(r.get("location_id"));
      if (l != null) {
        l.withArray("phones")
            .addObject()
            .put("number", r.get("phone_number"))
            .put("type", r.getOrDefault("phone_type", ""));
      }
    }
    for (Map<String, String> r : table(t, "address")) {
      ObjectNode l = locations.get(r.get("location_id"));
      if (l != null) {
        l.withArray("addresses")
            .addObject()
            .put("address_1", r.getOrDefault("street_1", ""))
            .put("address_2", r.getOrDefault("street_2", ""))
            .put("city", r.getOrDefault("city", ""))
            .put("state_province", r.getOrDefault("state", ""));
      }
    }
    for (Map<String, String> r : table(t, "service")) {
      String orgId = r.get("organization_id");
      ObjectNode org =
          orgs.computeIfAbsent(orgId, id -> Json.object().put("id", id).put("name", id));
      ObjectNode s = Json.object().put("id", r.get("service_id"));
      String name = r.getOrDefault("name", "");
      s.put("name", name.isBlank() ? r.getOrDefault("short_desc", r.get("service_id")) : name);
      s.put("description", r.getOrDefault("description", ""));
      ObjectNode loc = locations.get(r.get("location_id"));
      ArrayNode sals = s.putArray("service_at_locations");
      if (loc == null) {
        problems.add(
            new HsdsTables.RowProblem(
                "service",
                Integer.parseInt(r.get("#line")),
                new FieldError(
                    "service.csv:" + r.get("#line"),
                    "service "
                        + r.get("service_id")
                        + " names location "
                        + r.get("location_id")
                        + ", which location.csv does not hold")));
        continue;
      }
      sals.addObject().put("id", r.get("service_id")).set("location", loc.deepCopy());
      org.withArray("services").add(s);
    }
    return new ArrayList<>(orgs.values());
  }

  private static void attach(
      Map<String, List<Map<String, String>>> t,
      String table,
      String key,
      Map<String, ObjectNode> owners,
      String field) {
    for (Map<String, String> r : table(t, table)) {
      String owner = r.get(key);
      if (owner != null && !owner.isEmpty() && owners.containsKey(owner)) {
        ObjectNode o = object(r);
        o.remove(key);
        owners.get(owner).withArray(field).add(o);
      }
    }
  }

  private static List<Map<String, String>> table(
      Map<String, List<Map<String, String>>> t, String name) {
    return t.getOrDefault(name, List.of());
  }

  /** A row as an object: empty cells left out, numeric columns as numbers when they parse. */
  private static ObjectNode object(Map<String, String> r) {
    ObjectNode o = Json.object();
    r.forEach(
        (k, v) -> {
          if (k.startsWith("#") || v == null || v.isEmpty()) {
            return;
          }
          if (HsdsTables.isNumberColumn(k)) {
            try {
              double d = Double.parseDouble(v);
              if (d == Math.rint(d) && !v.contains(".") && Math.abs(d) < 1e15) {
                o.put(k, (long) d);
              } else {
                o.put(k, d);
              }
              return;
            } catch (NumberFormatException e) {
              // kept as text; the import names it
            }
          }
          o.put(k, v);
        });
    return o;
  }
}
