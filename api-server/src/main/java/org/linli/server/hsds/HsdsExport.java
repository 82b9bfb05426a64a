package org.linli.server.hsds;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.stream.Collectors;
import org.linli.core.provider.Provider;
import org.linli.core.provider.ProviderStatus;
import org.linli.core.service.Accessibility;
import org.linli.core.service.Closure;
import org.linli.core.service.ContactPhone;
import org.linli.core.service.EligibilityCriteria;
import org.linli.core.service.ServiceDetails;
import org.linli.core.service.ServiceSchedule;
import org.linli.server.json.GeoJson;
import org.linli.server.json.Json;

/**
 * Providers as Open Referral HSDS 3 {@code organization_full} objects: each agency an organization,
 * each provider a service with one service-at-location (the service's and that one's id are the
 * provider's), its location, phones, schedules, languages, service area, cost and access. What HSDS
 * has no home for (skills, kind, service radius, capacity, qualification, the residence, income and
 * disability criteria, closures, status reason and until-date, time zone) travels as {@code
 * attributes} of the {@code linli} taxonomy, so that {@link HsdsImport} restores every field.
 * Deterministic: the same providers give the same document. Stateless.
 */
public final class HsdsExport {
  /** The organization of providers without an agency. */
  public static final String NO_AGENCY = "linli-no-agency";

  private HsdsExport() {}

  /**
   * The organization {@code agencyId} (null: {@link #NO_AGENCY}) with {@code providers} (sorted by
   * id) as its services; {@code self} is the agency's own provider (an AGENCY whose id is the
   * agency's), which names it, or null.
   */
  public static ObjectNode organization(String agencyId, Provider self, List<Provider> providers) {
    ObjectNode o = Json.object();
    o.put("id", HsdsCodes.uuid("organization", agencyId == null ? NO_AGENCY : agencyId));
    o.put("name", self != null ? self.name() : agencyId == null ? "未隶属机构" : agencyId);
    o.put("description", self != null ? self.description() : "");
    ArrayNode services = o.putArray("services");
    for (Provider p : providers) {
      services.add(service(p));
    }
    return o;
  }

  static ObjectNode service(Provider p) {
    ServiceDetails d = p.details();
    ObjectNode s = Json.object();
    s.put("id", HsdsCodes.uuid("service", p.id()));
    s.put("name", p.name());
    s.put("description", p.description());
    s.put("status", status(p.status()));
    if (d.website() != null) {
      s.put("url", d.website());
    }
    EligibilityCriteria e = d.eligibility();
    if (e.minAge() != null) {
      s.put("minimum_age", e.minAge());
    }
    if (e.maxAge() != null) {
      s.put("maximum_age", e.maxAge());
    }
    ArrayNode phones = s.putArray("phones");
    for (int i = 0; i < d.phones().size(); i++) {
      ContactPhone ph = d.phones().get(i);
      phones
          .addObject()
          .put("id", HsdsCodes.uuid("phone", p.id(), Integer.toString(i)))
          .put("number", ph.number())
          .put("type", HsdsCodes.phoneType(ph.type()))
          .put("description", ph.type().name());
    }
    ArrayNode schedules = s.putArray("schedules");
    for (int i = 0; i < d.schedules().size(); i++) {
      ServiceSchedule sc = d.schedules().get(i);
      ObjectNode so = schedules.addObject();
      so.put("id", HsdsCodes.uuid("schedule", p.id(), Integer.toString(i)));
      so.put("freq", "WEEKLY");
      so.put(
          "byday", sc.byDay().stream().map(ServiceSchedule::code).collect(Collectors.joining(",")));
      so.put("opens_at", ServiceSchedule.clock(sc.opensAt()) + ":00");
      so.put("closes_at", ServiceSchedule.clock(sc.closesAt()) + ":00");
      if (sc.validFrom() != null) {
        so.put("valid_from", sc.validFrom().toString());
      }
      if (sc.validTo() != null) {
        so.put("valid_to", sc.validTo().toString());
      }
    }
    ArrayNode languages = s.putArray("languages");
    for (int i = 0; i < p.languages().size(); i++) {
      String code = p.languages().get(i);
      languages
          .addObject()
          .put("id", HsdsCodes.uuid("language", p.id(), Integer.toString(i)))
          .put("name", code)
          .put("code", code);
    }
    ArrayNode areas = s.putArray("service_areas");
    if (p.serviceArea() != null) {
      areas
          .addObject()
          .put("id", HsdsCodes.uuid("service_area", p.id()))
          .put("name", "服务范围")
          .put("extent", Json.write(GeoJson.write(p.serviceArea())))
          .put("extent_type", "geojson");
    }
    ArrayNode costs = s.putArray("cost_options");
    if (d.cost() != null) {
      ObjectNode c =
          costs
              .addObject()
              .put("id", HsdsCodes.uuid("cost_option", p.id()))
              .put("option", d.cost().type().name());
      if (d.cost().type() == org.linli.core.service.CostType.FREE) {
        c.put("amount", 0);
      }
      if (d.cost().note() != null) {
        c.put("amount_description", d.cost().note());
      }
    }
    ArrayNode attributes = s.putArray("attributes");
    attribute(attributes, p, HsdsCodes.ID, p.id());
    attribute(attributes, p, HsdsCodes.KIND, p.kind().name());
    attribute(
        attributes,
        p,
        HsdsCodes.SKILLS,
        p.skills().stream().map(k -> k.code()).collect(Collectors.joining(",")));
    if (p.serviceRadiusMeters() != null) {
      attribute(
          attributes,
          p,
          HsdsCodes.RADIUS,
          Json.write(Json.MAPPER.getNodeFactory().numberNode(p.serviceRadiusMeters())));
    }
    attribute(attributes, p, HsdsCodes.CAPACITY, Integer.toString(p.capacity()));
    attribute(attributes, p, HsdsCodes.AGENCY, p.agencyId() == null ? "" : p.agencyId());
    if (p.qualification() != null) {
      attribute(attributes, p, HsdsCodes.QUALIFICATION, p.qualification());
    }
    if (!e.residence().isEmpty()) {
      attribute(attributes, p, HsdsCodes.RESIDENCE, names(e.residence()));
    }
    if (!e.income().isEmpty()) {
      attribute(attributes, p, HsdsCodes.INCOME, names(e.income()));
    }
    if (e.disabilityRequired()) {
      attribute(attributes, p, HsdsCodes.DISABILITY, "true");
    }
    if (!d.closures().isEmpty()) {
      ArrayNode closures = Json.MAPPER.createArrayNode();
      for (Closure c : d.closures()) {
        ObjectNode co =
            closures.addObject().put("from", c.from().toString()).put("to", c.to().toString());
        if (c.reason() != null) {
          co.put("reason", c.reason());
        }
      }
      attribute(attributes, p, HsdsCodes.CLOSURES, Json.write(closures));
    }
    if (p.status() != ProviderStatus.ACTIVE) {
      attribute(attributes, p, HsdsCodes.STATUS, p.status().name());
    }
    if (d.statusReason() != null) {
      attribute(attributes, p, HsdsCodes.STATUS_REASON, d.statusReason());
    }
    if (d.statusUntil() != null) {
      attribute(attributes, p, HsdsCodes.STATUS_UNTIL, d.statusUntil().toString());
    }
    if (d.timeZone() != null) {
      attribute(attributes, p, HsdsCodes.TIME_ZONE, d.timeZone().getId());
    }
    ArrayNode sals = s.putArray("service_at_locations");
    ObjectNode sal = sals.addObject();
    sal.put("id", HsdsCodes.uuid("service_at_location", p.id()));
    ObjectNode loc = sal.putObject("location");
    loc.put("id", HsdsCodes.uuid("location", p.id()));
    loc.put("location_type", "physical");
    loc.put("name", p.name());
    loc.put("latitude", p.location().lat());
    loc.put("longitude", p.location().lon());
    ArrayNode addresses = loc.putArray("addresses");
    if (d.address() != null) {
      addresses
          .addObject()
          .put("id", HsdsCodes.uuid("address", p.id()))
          .put("address_1", d.address())
          .put("city", "")
          .put("state_province", "")
          .put("postal_code", "")
          .put("country", "CN")
          .put("address_type", "physical");
    }
    ArrayNode access = loc.putArray("accessibility");
    for (Accessibility a : d.accessibility()) {
      access
          .addObject()
          .put("id", HsdsCodes.uuid("accessibility", p.id(), a.name()))
          .put("description", a.name());
    }
    return s;
  }

  private static void attribute(ArrayNode out, Provider p, String code, String value) {
    ObjectNode a = out.addObject();
    a.put("id", HsdsCodes.uuid("attribute", p.id(), code));
    a.put("link_id", HsdsCodes.uuid("service", p.id()));
    a.put("link_type", "service");
    a.put("link_entity", "service");
    a.put("value", value);
    ObjectNode term = a.putObject("taxonomy_term");
    term.put("id", HsdsCodes.uuid("taxonomy_term", code));
    term.put("code", code);
    term.put("name", code);
    term.put("description", HsdsCodes.describe(code));
    term.put("taxonomy", HsdsCodes.TAXONOMY);
  }

  private static String names(java.util.Set<? extends Enum<?>> values) {
    return values.stream().map(Enum::name).collect(Collectors.joining(","));
  }

  private static String status(ProviderStatus s) {
    return switch (s) {
      case ACTIVE -> "active";
      case INACTIVE -> "inactive";
      case SUSPENDED -> "temporarily closed";
    };
  }
}
