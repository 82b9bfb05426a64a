package org.linli.server.json;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.Set;
import org.linli.core.agency.Agency;
import org.linli.core.error.Problems;

/** The agency document of the contract ("Organisations"), read strictly and written. */
public final class AgencyJson {
  private static final Set<String> FIELDS =
      Set.of(
          "id",
          "name",
          "creditCode",
          "registrationAuthority",
          "registeredOn",
          "legalRepresentative",
          "address",
          "phone",
          "grade",
          "annualReport",
          "status",
          "updatedAt");

  private AgencyJson() {}

  /**
   * An agency sent by staff for the id in the URL.
   *
   * @throws org.linli.core.error.InvalidInputException naming every bad field
   */
  public static Agency fromRequest(JsonNode node, String pathId) {
    Problems problems = new Problems();
    JsonInput in = JsonInput.root(node, problems);
    problems.throwIfAny();
    in.rejectUnknown(FIELDS);
    String id = in.string("id", false);
    if (id != null && !id.equals(pathId)) {
      problems.add(
          "id", "id \"" + id + "\" in the body differs from \"" + pathId + "\" in the URL");
    }
    String name = in.string("name", true);
    String creditCode = in.string("creditCode", true);
    String authority = in.string("registrationAuthority", false);
    LocalDate registeredOn = null;
    String on = in.string("registeredOn", false);
    if (on != null) {
      try {
        registeredOn = LocalDate.parse(on);
      } catch (DateTimeParseException e) {
        problems.add("registeredOn", "registeredOn \"" + on + "\" is not a date as YYYY-MM-DD");
      }
    }
    String representative = in.string("legalRepresentative", false);
    String address = in.string("address", false);
    String phone = in.string("phone", false);
    Agency.Grade grade = ProviderJson.enumValue(in, "grade", Agency.Grade.class, false);
    Agency.AnnualReport report = null;
    JsonInput r = in.object("annualReport", false);
    if (r != null) {
      r.rejectUnknown(Set.of("year", "status"));
      Integer year = r.integer("year", true);
      Agency.ReportStatus status =
          ProviderJson.enumValue(r, "status", Agency.ReportStatus.class, true);
      if (year != null && status != null) {
        report = new Agency.AnnualReport(year, status);
      }
    }
    Agency.AgencyStatus status =
        in.has("status")
            ? ProviderJson.enumValue(in, "status", Agency.AgencyStatus.class, true)
            : Agency.AgencyStatus.NORMAL;
    if (!problems.isEmpty()) {
      problems.throwIfAny();
    }
    LocalDate finalOn = registeredOn;
    Agency.AnnualReport finalReport = report;
    Agency a =
        problems.attempt(
            "",
            () ->
                new Agency(
                    pathId,
                    name,
                    creditCode,
                    authority,
                    finalOn,
                    representative,
                    address,
                    phone,
                    grade,
                    finalReport,
                    status,
                    null));
    problems.throwIfAny();
    return a;
  }

  /**
   * The contact fields an agency sends for itself: {@code address} and {@code phone} (null clears).
   */
  public record Contact(String address, String phone) {}

  public static Contact contactFromRequest(JsonNode node) {
    Problems problems = new Problems();
    JsonInput in = JsonInput.root(node, problems);
    problems.throwIfAny();
    in.rejectUnknown(Set.of("address", "phone"));
    Contact c = new Contact(in.string("address", false), in.string("phone", false));
    problems.throwIfAny();
    return c;
  }

  public static ObjectNode write(Agency a) {
    ObjectNode o = facts(a, true);
    put(o, "updatedAt", a.updatedAt());
    return o;
  }

  /** The registration facts, standing and {@code verified}; the legal representative if asked. */
  private static ObjectNode facts(Agency a, boolean representative) {
    ObjectNode o = Json.object();
    o.put("id", a.id());
    o.put("name", a.name());
    o.put("creditCode", a.creditCode());
    put(o, "registrationAuthority", a.registrationAuthority());
    put(o, "registeredOn", a.registeredOn());
    if (representative) {
      put(o, "legalRepresentative", a.legalRepresentative());
    }
    put(o, "address", a.address());
    put(o, "phone", a.phone());
    if (a.grade() == null) {
      o.putNull("grade");
    } else {
      o.put("grade", a.grade().name());
    }
    if (a.annualReport() != null) {
      o.putObject("annualReport")
          .put("year", a.annualReport().year())
          .put("status", a.annualReport().status().name());
    }
    o.put("status", a.status().name());
    o.put("verified", a.verified());
    return o;
  }

  /**
   * An agency as the public sees it: its registration facts (no legal representative), its
   * districts, and with {@code detail} its services (no worker named: they are counted) and rating.
   */
  public static ObjectNode writePublic(org.linli.core.agency.AgencyLookup.Found f, boolean detail) {
    ObjectNode o = facts(f.agency(), false);
    com.fasterxml.jackson.databind.node.ArrayNode districts = o.putArray("regions");
    f.districts().forEach(districts::add);
    if (detail) {
      com.fasterxml.jackson.databind.node.ArrayNode services = o.putArray("services");
      for (var s : f.services()) {
        ObjectNode so =
            services
                .addObject()
                .put("providerId", s.providerId())
                .put("kind", s.kind().name())
                .put("name", s.name());
        if (s.regionCode() == null) {
          so.putNull("regionCode");
        } else {
          so.put("regionCode", s.regionCode());
        }
      }
      o.put("workers", f.workers());
      if (f.rating() == null) {
        o.putNull("rating");
      } else {
        o.putObject("rating").put("average", f.rating().average()).put("count", f.rating().count());
      }
    }
    return o;
  }

  private static void put(ObjectNode o, String field, Object value) {
    if (value != null) {
      o.put(field, value.toString());
    }
  }
}
