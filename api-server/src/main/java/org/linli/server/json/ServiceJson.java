package org.linli.server.json;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.DateTimeException;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.linli.core.error.Problems;
import org.linli.core.service.Accessibility;
import org.linli.core.service.Closure;
import org.linli.core.service.ContactPhone;
import org.linli.core.service.Cost;
import org.linli.core.service.CostType;
import org.linli.core.service.EligibilityCriteria;
import org.linli.core.service.Income;
import org.linli.core.service.PhoneType;
import org.linli.core.service.Residence;
import org.linli.core.service.ResidentProfile;
import org.linli.core.service.ServiceDetails;
import org.linli.core.service.ServiceFilters;
import org.linli.core.service.ServiceSchedule;
import org.linli.core.service.ServiceSummary;
import org.linli.core.service.Unmet;

/**
 * The service details of the contract's provider document ("Service details and eligibility"), and
 * the match request's service rules, read strictly (every bad field named by its path) and written.
 */
public final class ServiceJson {
  /** The provider document's fields that hold its service details. */
  public static final Set<String> FIELDS =
      Set.of(
          "phones",
          "address",
          "website",
          "schedules",
          "closures",
          "cost",
          "eligibility",
          "accessibility",
          "statusReason",
          "statusUntil",
          "timeZone");

  /** The match request's fields of service rules. */
  public static final Set<String> FILTER_FIELDS =
      Set.of("openAt", "cost", "accessibility", "resident");

  private static final LocalDate EARLIEST = LocalDate.of(1900, 1, 1);
  private static final LocalDate LATEST = LocalDate.of(2999, 12, 31);

  private ServiceJson() {}

  /**
   * The service details in a provider document; {@link ServiceDetails#NONE} when it has none, null
   * when any is bad (recorded in {@code in}'s problems).
   */
  public static ServiceDetails read(JsonInput in) {
    Problems problems = in.problems();
    int before = problems.errors().size();
    List<ContactPhone> phones = new ArrayList<>();
    List<JsonInput> phoneItems = in.objects("phones", ServiceDetails.MAX_PHONES);
    if (phoneItems != null) {
      for (JsonInput phone : phoneItems) {
        phone.rejectUnknown(Set.of("number", "type"));
        String number = phone.string("number", true);
        PhoneType type =
            phone.has("type")
                ? ProviderJson.enumValue(phone, "type", PhoneType.class, true)
                : PhoneType.OFFICE;
        phones.add(new ContactPhone(number, type));
      }
    }
    String address = in.string("address", false);
    String website = in.string("website", false);
    List<ServiceSchedule> schedules = new ArrayList<>();
    List<JsonInput> scheduleItems = in.objects("schedules", ServiceDetails.MAX_SCHEDULES);
    if (scheduleItems != null) {
      for (JsonInput s : scheduleItems) {
        s.rejectUnknown(Set.of("byDay", "opensAt", "closesAt", "validFrom", "validTo"));
        Set<DayOfWeek> days = days(s);
        int opens = clock(s, "opensAt");
        int closes = clock(s, "closesAt");
        LocalDate from = date(s, "validFrom", false);
        LocalDate to = date(s, "validTo", false);
        schedules.add(new ServiceSchedule(days, opens, closes, from, to));
      }
    }
    List<Closure> closures = new ArrayList<>();
    List<JsonInput> closureItems = in.objects("closures", ServiceDetails.MAX_CLOSURES);
    if (closureItems != null) {
      for (JsonInput c : closureItems) {
        c.rejectUnknown(Set.of("from", "to", "reason"));
        LocalDate from = date(c, "from", true);
        LocalDate to = c.has("to") ? date(c, "to", true) : from;
        closures.add(new Closure(from, to, c.string("reason", false)));
      }
    }
    Cost cost = null;
    JsonInput costIn = in.object("cost", false);
    if (costIn != null) {
      costIn.rejectUnknown(Set.of("type", "note"));
      cost =
          new Cost(
              ProviderJson.enumValue(costIn, "type", CostType.class, true),
              costIn.string("note", false));
    }
    EligibilityCriteria eligibility = EligibilityCriteria.NONE;
    JsonInput e = in.object("eligibility", false);
    if (e != null) {
      e.rejectUnknown(Set.of("minAge", "maxAge", "residence", "income", "disabilityRequired"));
      Boolean disability = e.bool("disabilityRequired");
      eligibility =
          new EligibilityCriteria(
              e.integer("minAge", false),
              e.integer("maxAge", false),
              enums(e, "residence", Residence.class),
              enums(e, "income", Income.class),
              disability != null && disability);
    }
    Set<Accessibility> accessibility = enums(in, "accessibility", Accessibility.class);
    String statusReason = in.string("statusReason", false);
    LocalDate statusUntil = date(in, "statusUntil", false);
    ZoneId zone = null;
    String zoneName = in.string("timeZone", false);
    if (zoneName != null) {
      try {
        zone = ZoneId.of(zoneName);
      } catch (DateTimeException ex) {
        problems.add(
            in.path("timeZone"),
            "timeZone \"" + zoneName + "\" is not a time zone such as Asia/Shanghai");
      }
    }
    if (problems.errors().size() > before) {
      return null;
    }
    ZoneId finalZone = zone;
    Cost finalCost = cost;
    EligibilityCriteria finalEligibility = eligibility;
    return problems.attempt(
        in.ownPath(),
        () ->
            new ServiceDetails(
                phones,
                address,
                website,
                schedules,
                closures,
                finalCost,
                finalEligibility,
                accessibility,
                statusReason,
                statusUntil,
                finalZone));
  }

  /** The match request's service rules; {@link ServiceFilters#NONE} when it sets none. */
  public static ServiceFilters readFilters(JsonInput in) {
    Instant openAt = null;
    String at = in.string("openAt", false);
    if (at != null) {
      try {
        openAt = OffsetDateTime.parse(at).toInstant();
      } catch (DateTimeParseException ex) {
        in.problems()
            .add(
                in.path("openAt"),
                "openAt \"" + at + "\" is not an ISO-8601 time such as 2027-01-05T10:00:00+08:00");
      }
    }
    Set<CostType> cost = enums(in, "cost", CostType.class);
    Set<Accessibility> accessibility = enums(in, "accessibility", Accessibility.class);
    ResidentProfile resident = null;
    JsonInput r = in.object("resident", false);
    if (r != null) {
      r.rejectUnknown(Set.of("age", "residence", "income", "disability"));
      Integer age = r.integer("age", false);
      Residence residence = ProviderJson.enumValue(r, "residence", Residence.class, false);
      Income income = ProviderJson.enumValue(r, "income", Income.class, false);
      Boolean disability = r.bool("disability");
      resident =
          in.problems().attempt("", () -> new ResidentProfile(age, residence, income, disability));
    }
    return new ServiceFilters(openAt, cost, accessibility, resident);
  }

  private static Set<DayOfWeek> days(JsonInput s) {
    List<String> codes = s.strings("byDay", 7);
    if (codes == null) {
      if (!s.has("byDay")) {
        s.problems().add(s.path("byDay"), "byDay is required: some of MO TU WE TH FR SA SU");
      }
      return Set.of();
    }
    Set<DayOfWeek> days = EnumSet.noneOf(DayOfWeek.class);
    for (int i = 0; i < codes.size(); i++) {
      DayOfWeek d = ServiceSchedule.dayOf(codes.get(i));
      if (d == null) {
        s.problems()
            .add(
                s.path("byDay") + "[" + i + "]",
                "\"" + codes.get(i) + "\" is not a day: MO TU WE TH FR SA SU");
      } else {
        days.add(d);
      }
    }
    return days;
  }

  private static int clock(JsonInput s, String field) {
    String v = s.string(field, true);
    if (v == null) {
      return 0;
    }
    int minute = ServiceSchedule.minuteOf(v);
    if (minute < 0 || (field.equals("opensAt") && minute == ServiceSchedule.DAY_MINUTES)) {
      s.problems()
          .add(
              s.path(field),
              field
                  + " \""
                  + v
                  + "\" is not a time of day as HH:MM, such as 09:00"
                  + (field.equals("closesAt") ? " or 24:00" : ""));
      return 0;
    }
    return minute;
  }

  private static LocalDate date(JsonInput in, String field, boolean required) {
    String v = in.string(field, required);
    if (v == null) {
      return null;
    }
    try {
      LocalDate d = LocalDate.parse(v);
      if (d.isBefore(EARLIEST) || d.isAfter(LATEST)) {
        in.problems().add(in.path(field), field + " " + v + " is outside 1900-01-01..2999-12-31");
        return null;
      }
      return d;
    } catch (DateTimeParseException ex) {
      in.problems()
          .add(
              in.path(field),
              field + " \"" + v + "\" is not a date as YYYY-MM-DD, such as 2027-02-10");
      return null;
    }
  }

  private static <E extends Enum<E>> Set<E> enums(JsonInput in, String field, Class<E> type) {
    List<String> names = in.strings(field, type.getEnumConstants().length * 2);
    Set<E> out = EnumSet.noneOf(type);
    if (names == null) {
      return out;
    }
    for (int i = 0; i < names.size(); i++) {
      E found = ProviderJson.constant(type, names.get(i));
      if (found == null) {
        in.problems()
            .add(
                in.path(field) + "[" + i + "]",
                "\"" + names.get(i) + "\" is not one of " + ProviderJson.names(type));
      } else {
        out.add(found);
      }
    }
    return out;
  }

  /** Writes {@code d}'s fields into a provider document (only those that are set). */
  public static void write(ServiceDetails d, ObjectNode o) {
    if (!d.phones().isEmpty()) {
      ArrayNode phones = o.putArray("phones");
      for (ContactPhone p : d.phones()) {
        phones.addObject().put("number", p.number()).put("type", p.type().name());
      }
    }
    if (d.address() != null) {
      o.put("address", d.address());
    }
    if (d.website() != null) {
      o.put("website", d.website());
    }
    if (!d.schedules().isEmpty()) {
      ArrayNode schedules = o.putArray("schedules");
      for (ServiceSchedule s : d.schedules()) {
        ObjectNode so = schedules.addObject();
        ArrayNode days = so.putArray("byDay");
        s.byDay().forEach(day -> days.add(ServiceSchedule.code(day)));
        so.put("opensAt", ServiceSchedule.clock(s.opensAt()));
        so.put("closesAt", ServiceSchedule.clock(s.closesAt()));
        if (s.validFrom() != null) {
          so.put("validFrom", s.validFrom().toString());
        }
        if (s.validTo() != null) {
          so.put("validTo", s.validTo().toString());
        }
      }
    }
    if (!d.closures().isEmpty()) {
      ArrayNode closures = o.putArray("closures");
      for (Closure c : d.closures()) {
        ObjectNode co = closures.addObject();
        co.put("from", c.from().toString()).put("to", c.to().toString());
        if (c.reason() != null) {
          co.put("reason", c.reason());
        }
      }
    }
    if (d.cost() != null) {
      ObjectNode co = o.putObject("cost").put("type", d.cost().type().name());
      if (d.cost().note() != null) {
        co.put("note", d.cost().note());
      }
    }
    EligibilityCriteria e = d.eligibility();
    if (!e.isEmpty()) {
      ObjectNode eo = o.putObject("eligibility");
      if (e.minAge() != null) {
        eo.put("minAge", e.minAge());
      }
      if (e.maxAge() != null) {
        eo.put("maxAge", e.maxAge());
      }
      if (!e.residence().isEmpty()) {
        ArrayNode a = eo.putArray("residence");
        e.residence().forEach(x -> a.add(x.name()));
      }
      if (!e.income().isEmpty()) {
        ArrayNode a = eo.putArray("income");
        e.income().forEach(x -> a.add(x.name()));
      }
      eo.put("disabilityRequired", e.disabilityRequired());
    }
    if (!d.accessibility().isEmpty()) {
      ArrayNode a = o.putArray("accessibility");
      d.accessibility().forEach(x -> a.add(x.name()));
    }
    if (d.statusReason() != null) {
      o.put("statusReason", d.statusReason());
    }
    if (d.statusUntil() != null) {
      o.put("statusUntil", d.statusUntil().toString());
    }
    if (d.timeZone() != null) {
      o.put("timeZone", d.timeZone().getId());
    }
  }

  /** Writes a match's summary as the contract's {@code summary} object. */
  static void writeSummary(com.fasterxml.jackson.core.JsonGenerator g, ServiceSummary s)
      throws java.io.IOException {
    g.writeObjectFieldStart("summary");
    g.writeArrayFieldStart("skills");
    for (var skill : s.skills()) {
      g.writeString(skill.code());
    }
    g.writeEndArray();
    if (s.phone() == null) {
      g.writeNullField("phone");
    } else {
      g.writeStringField("phone", s.phone());
    }
    g.writeBooleanField("openNow", s.openNow());
    if (s.todayHours() == null) {
      g.writeNullField("todayHours");
    } else {
      g.writeArrayFieldStart("todayHours");
      for (String h : s.todayHours()) {
        g.writeString(h);
      }
      g.writeEndArray();
    }
    if (s.cost() == null) {
      g.writeNullField("cost");
    } else {
      g.writeStringField("cost", s.cost().name());
    }
    if (s.closedToday()) {
      g.writeBooleanField("closedToday", true);
      if (s.closure() != null) {
        g.writeStringField("closure", s.closure());
      }
    }
    g.writeEndObject();
  }

  /** Writes the rules a near-miss fails. */
  static void writeUnmet(com.fasterxml.jackson.core.JsonGenerator g, List<Unmet> unmet)
      throws java.io.IOException {
    g.writeArrayFieldStart("fails");
    for (Unmet u : unmet) {
      g.writeStartObject();
      g.writeStringField("rule", u.rule().name());
      g.writeStringField("detail", u.detail());
      g.writeEndObject();
    }
    g.writeEndArray();
  }
}
