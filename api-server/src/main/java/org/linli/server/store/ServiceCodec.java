package org.linli.server.store;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.linli.core.service.Accessibility;
import org.linli.core.service.Closure;
import org.linli.core.service.ContactPhone;
import org.linli.core.service.Cost;
import org.linli.core.service.CostType;
import org.linli.core.service.EligibilityCriteria;
import org.linli.core.service.Income;
import org.linli.core.service.PhoneType;
import org.linli.core.service.Residence;
import org.linli.core.service.ServiceDetails;
import org.linli.core.service.ServiceSchedule;

/**
 * The stored form of a provider's {@link ServiceDetails}: one object under {@link ProviderCodec}'s
 * {@code service} field, absent when there are none. Times are minutes of the day and days a 7-bit
 * mask (Monday bit 0), so the form does not follow the contract's spelling. Stateless.
 */
final class ServiceCodec {
  static final String PHONES = "phones";
  static final String NUMBER = "n";
  static final String TYPE = "t";
  static final String ADDRESS = "address";
  static final String WEBSITE = "website";
  static final String SCHEDULES = "schedules";
  static final String DAYS = "days";
  static final String OPENS = "opens";
  static final String CLOSES = "closes";
  static final String FROM = "from";
  static final String TO = "to";
  static final String CLOSURES = "closures";
  static final String REASON = "reason";
  static final String COST = "cost";
  static final String NOTE = "note";
  static final String MIN_AGE = "minAge";
  static final String MAX_AGE = "maxAge";
  static final String RESIDENCE = "residence";
  static final String INCOME = "income";
  static final String DISABILITY = "disability";
  static final String ACCESS = "access";
  static final String STATUS_REASON = "statusReason";
  static final String STATUS_UNTIL = "statusUntil";
  static final String ZONE = "zone";

  private ServiceCodec() {}

  static void write(JsonGenerator g, ServiceDetails d) throws IOException {
    g.writeStartObject();
    if (!d.phones().isEmpty()) {
      g.writeArrayFieldStart(PHONES);
      for (ContactPhone p : d.phones()) {
        g.writeStartObject();
        g.writeStringField(NUMBER, p.number());
        g.writeStringField(TYPE, p.type().name());
        g.writeEndObject();
      }
      g.writeEndArray();
    }
    optional(g, ADDRESS, d.address());
    optional(g, WEBSITE, d.website());
    if (!d.schedules().isEmpty()) {
      g.writeArrayFieldStart(SCHEDULES);
      for (ServiceSchedule s : d.schedules()) {
        g.writeStartObject();
        int days = 0;
        for (DayOfWeek day : s.byDay()) {
          days |= 1 << (day.getValue() - 1);
        }
        g.writeNumberField(DAYS, days);
        g.writeNumberField(OPENS, s.opensAt());
        g.writeNumberField(CLOSES, s.closesAt());
        optional(g, FROM, s.validFrom());
        optional(g, TO, s.validTo());
        g.writeEndObject();
      }
      g.writeEndArray();
    }
    if (!d.closures().isEmpty()) {
      g.writeArrayFieldStart(CLOSURES);
      for (Closure c : d.closures()) {
        g.writeStartObject();
        g.writeStringField(FROM, c.from().toString());
        g.writeStringField(TO, c.to().toString());
        optional(g, REASON, c.reason());
        g.writeEndObject();
      }
      g.writeEndArray();
    }
    if (d.cost() != null) {
      g.writeStringField(COST, d.cost().type().name());
      optional(g, NOTE, d.cost().note());
    }
    EligibilityCriteria e = d.eligibility();
    if (e.minAge() != null) {
      g.writeNumberField(MIN_AGE, e.minAge());
    }
    if (e.maxAge() != null) {
      g.writeNumberField(MAX_AGE, e.maxAge());
    }
    names(g, RESIDENCE, e.residence());
    names(g, INCOME, e.income());
    if (e.disabilityRequired()) {
      g.writeBooleanField(DISABILITY, true);
    }
    names(g, ACCESS, d.accessibility());
    optional(g, STATUS_REASON, d.statusReason());
    optional(g, STATUS_UNTIL, d.statusUntil());
    optional(g, ZONE, d.timeZone() == null ? null : d.timeZone().getId());
    g.writeEndObject();
  }

  private static void optional(JsonGenerator g, String field, Object value) throws IOException {
    if (value != null) {
      g.writeStringField(field, value.toString());
    }
  }

  private static void names(JsonGenerator g, String field, Set<? extends Enum<?>> values)
      throws IOException {
    if (!values.isEmpty()) {
      g.writeArrayFieldStart(field);
      for (Enum<?> v : values) {
        g.writeString(v.name());
      }
      g.writeEndArray();
    }
  }

  /** The details of a stored object (trusted: written by {@link #write}). */
  static ServiceDetails read(JsonNode o) {
    List<ContactPhone> phones = new ArrayList<>();
    for (JsonNode p : o.path(PHONES)) {
      phones.add(new ContactPhone(p.get(NUMBER).asText(), PhoneType.valueOf(p.get(TYPE).asText())));
    }
    List<ServiceSchedule> schedules = new ArrayList<>();
    for (JsonNode s : o.path(SCHEDULES)) {
      Set<DayOfWeek> days = EnumSet.noneOf(DayOfWeek.class);
      int mask = s.get(DAYS).asInt();
      for (DayOfWeek day : DayOfWeek.values()) {
        if ((mask & (1 << (day.getValue() - 1))) != 0) {
          days.add(day);
        }
      }
      schedules.add(
          new ServiceSchedule(
              days, s.get(OPENS).asInt(), s.get(CLOSES).asInt(), date(s, FROM), date(s, TO)));
    }
    List<Closure> closures = new ArrayList<>();
    for (JsonNode c : o.path(CLOSURES)) {
      closures.add(new Closure(date(c, FROM), date(c, TO), text(c, REASON)));
    }
    Cost cost =
        o.has(COST) ? new Cost(CostType.valueOf(o.get(COST).asText()), text(o, NOTE)) : null;
    EligibilityCriteria eligibility =
        new EligibilityCriteria(
            o.has(MIN_AGE) ? o.get(MIN_AGE).asInt() : null,
            o.has(MAX_AGE) ? o.get(MAX_AGE).asInt() : null,
            enums(o, RESIDENCE, Residence.class),
            enums(o, INCOME, Income.class),
            o.path(DISABILITY).asBoolean(false));
    return new ServiceDetails(
        phones,
        text(o, ADDRESS),
        text(o, WEBSITE),
        schedules,
        closures,
        cost,
        eligibility,
        enums(o, ACCESS, Accessibility.class),
        text(o, STATUS_REASON),
        date(o, STATUS_UNTIL),
        o.has(ZONE) ? ZoneId.of(o.get(ZONE).asText()) : null);
  }

  private static String text(JsonNode o, String field) {
    JsonNode v = o.get(field);
    return v == null || v.isNull() ? null : v.asText();
  }

  private static LocalDate date(JsonNode o, String field) {
    String v = text(o, field);
    return v == null ? null : LocalDate.parse(v);
  }

  private static <E extends Enum<E>> Set<E> enums(JsonNode o, String field, Class<E> type) {
    Set<E> out = EnumSet.noneOf(type);
    for (JsonNode v : o.path(field)) {
      out.add(Enum.valueOf(type, v.asText()));
    }
    return out;
  }
}
