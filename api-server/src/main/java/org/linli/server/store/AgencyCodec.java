package org.linli.server.store;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.time.LocalDate;
import org.linli.core.agency.Agency;
import org.linli.server.json.Json;

/**
 * The stored form of a registered agency in the {@code agencies} map and table: versioned ({@code
 * v}), the field names here and nowhere else. Reading trusts the document (validated on the way
 * in). Stateless.
 */
public final class AgencyCodec {
  public static final int VERSION = 1;

  private AgencyCodec() {}

  public static String encode(Agency a) {
    ObjectNode o = Json.object();
    o.put("v", VERSION);
    o.put("id", a.id());
    o.put("name", a.name());
    o.put("creditCode", a.creditCode());
    put(o, "registrationAuthority", a.registrationAuthority());
    put(o, "registeredOn", a.registeredOn());
    put(o, "legalRepresentative", a.legalRepresentative());
    put(o, "address", a.address());
    put(o, "phone", a.phone());
    put(o, "grade", a.grade());
    if (a.annualReport() != null) {
      o.putObject("annualReport")
          .put("year", a.annualReport().year())
          .put("status", a.annualReport().status().name());
    }
    o.put("status", a.status().name());
    put(o, "updatedAt", a.updatedAt());
    return Json.write(o);
  }

  private static void put(ObjectNode o, String field, Object value) {
    if (value != null) {
      o.put(field, value.toString());
    }
  }

  /** The agency of a stored document; a newer version stops with a message to upgrade. */
  public static Agency decode(String json) {
    JsonNode o = Json.parse(json.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    StoredFormats.requireReadable(o.path("v").asInt(0), VERSION, "agency " + o.path("id").asText());
    JsonNode report = o.get("annualReport");
    return new Agency(
        o.get("id").asText(),
        o.get("name").asText(),
        o.get("creditCode").asText(),
        text(o, "registrationAuthority"),
        o.has("registeredOn") ? LocalDate.parse(o.get("registeredOn").asText()) : null,
        text(o, "legalRepresentative"),
        text(o, "address"),
        text(o, "phone"),
        o.has("grade") ? Agency.Grade.valueOf(o.get("grade").asText()) : null,
        report == null
            ? null
            : new Agency.AnnualReport(
                report.get("year").asInt(),
                Agency.ReportStatus.valueOf(report.get("status").asText())),
        Agency.AgencyStatus.valueOf(o.get("status").asText()),
        o.has("updatedAt") ? Instant.parse(o.get("updatedAt").asText()) : null);
  }

  private static String text(JsonNode o, String field) {
    JsonNode v = o.get(field);
    return v == null || v.isNull() ? null : v.asText();
  }
}
