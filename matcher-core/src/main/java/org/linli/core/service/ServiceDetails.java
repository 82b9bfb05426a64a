package org.linli.core.service;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.linli.core.Nullable;
import org.linli.core.error.Problems;

/**
 * What a resident needs to act on a provider: how to reach it, when it is open, what it costs, who
 * may use it and how accessible it is; and why its status is what it is, until when. All optional.
 * Immutable.
 *
 * <p>Its constructor throws {@link org.linli.core.error.InvalidInputException} naming every
 * offending field by its path in the provider document ({@code schedules[1].closesAt}).
 *
 * @param phones numbers to call, at most {@value #MAX_PHONES}, the first shown with matches
 * @param address where to go, in words, or null
 * @param website an {@code http} or {@code https} address, or null
 * @param schedules weekly opening hours, at most {@value #MAX_SCHEDULES}; none means the hours are
 *     not known (and the service is open at no {@code openAt})
 * @param closures dates it is closed, at most {@value #MAX_CLOSURES}
 * @param cost what it costs, or null when not known
 * @param eligibility who may use it
 * @param accessibility how it is accessible
 * @param statusReason why the provider has its status (in words), or null
 * @param statusUntil the day a non-ACTIVE status ends and the provider is ACTIVE again, or null
 * @param timeZone the zone of its hours and dates, or null for {@link #DEFAULT_ZONE}
 */
public record ServiceDetails(
    List<ContactPhone> phones,
    @Nullable String address,
    @Nullable String website,
    List<ServiceSchedule> schedules,
    List<Closure> closures,
    @Nullable Cost cost,
    EligibilityCriteria eligibility,
    Set<Accessibility> accessibility,
    @Nullable String statusReason,
    @Nullable LocalDate statusUntil,
    @Nullable ZoneId timeZone) {

  public static final ZoneId DEFAULT_ZONE = ZoneId.of("Asia/Shanghai");
  public static final int MAX_PHONES = 5;
  public static final int MAX_SCHEDULES = 28;
  public static final int MAX_CLOSURES = 64;
  public static final int MAX_ADDRESS = 300;
  public static final int MAX_WEBSITE = 500;
  public static final int MAX_NOTE = 500;
  public static final int MAX_REASON = 200;

  /** A provider that has said none of these things. */
  public static final ServiceDetails NONE =
      new ServiceDetails(
          List.of(),
          null,
          null,
          List.of(),
          List.of(),
          null,
          EligibilityCriteria.NONE,
          Set.of(),
          null,
          null,
          null);

  public ServiceDetails {
    phones = phones == null ? List.of() : List.copyOf(phones);
    schedules = schedules == null ? List.of() : List.copyOf(schedules);
    closures = closures == null ? List.of() : List.copyOf(closures);
    eligibility = eligibility == null ? EligibilityCriteria.NONE : eligibility;
    accessibility =
        accessibility == null || accessibility.isEmpty()
            ? Set.of()
            : Collections.unmodifiableSet(EnumSet.copyOf(accessibility));
    Problems p = new Problems();
    check(p, phones, address, website, schedules, closures, cost, eligibility);
    if (statusReason != null && (statusReason.isBlank() || statusReason.length() > MAX_REASON)) {
      p.add("statusReason", "statusReason must be 1.." + MAX_REASON + " characters");
    }
    p.throwIfAny();
  }

  private static void check(
      Problems p,
      List<ContactPhone> phones,
      @Nullable String address,
      @Nullable String website,
      List<ServiceSchedule> schedules,
      List<Closure> closures,
      @Nullable Cost cost,
      EligibilityCriteria eligibility) {
    if (phones.size() > MAX_PHONES) {
      p.add("phones", phones.size() + " phones, more than " + MAX_PHONES);
    }
    for (int i = 0; i < phones.size(); i++) {
      ContactPhone phone = phones.get(i);
      String problem = phone == null ? "a phone is an object" : numberProblem(phone.number());
      if (problem != null) {
        p.add("phones[" + i + "].number", problem);
      } else if (phone.type() == null) {
        p.add("phones[" + i + "].type", "type is required: OFFICE, MOBILE, HOTLINE, FAX or TEXT");
      }
    }
    if (address != null && (address.isBlank() || address.length() > MAX_ADDRESS)) {
      p.add("address", "address must be 1.." + MAX_ADDRESS + " characters");
    }
    if (website != null) {
      String problem = websiteProblem(website);
      if (problem != null) {
        p.add("website", problem);
      }
    }
    if (schedules.size() > MAX_SCHEDULES) {
      p.add("schedules", schedules.size() + " schedules, more than " + MAX_SCHEDULES);
    }
    for (int i = 0; i < schedules.size(); i++) {
      checkSchedule(p, "schedules[" + i + "]", schedules.get(i));
    }
    if (closures.size() > MAX_CLOSURES) {
      p.add("closures", closures.size() + " closures, more than " + MAX_CLOSURES);
    }
    for (int i = 0; i < closures.size(); i++) {
      Closure c = closures.get(i);
      String at = "closures[" + i + "]";
      if (c == null || c.from() == null || c.to() == null) {
        p.add(at, "a closure needs both from and to, as dates such as 2027-02-10");
      } else if (c.to().isBefore(c.from())) {
        p.add(at + ".to", "to " + c.to() + " is before from " + c.from());
      } else if (c.reason() != null && (c.reason().isBlank() || c.reason().length() > 100)) {
        p.add(at + ".reason", "reason must be 1..100 characters");
      }
    }
    if (cost != null) {
      if (cost.type() == null) {
        p.add("cost.type", "cost.type is required: FREE, SUBSIDISED or PAID");
      }
      if (cost.note() != null && (cost.note().isBlank() || cost.note().length() > MAX_NOTE)) {
        p.add("cost.note", "cost.note must be 1.." + MAX_NOTE + " characters");
      }
    }
    Integer min = eligibility.minAge();
    Integer max = eligibility.maxAge();
    if (min != null && (min < 0 || min > EligibilityCriteria.MAX_AGE)) {
      p.add("eligibility.minAge", "minAge " + min + " outside [0, 150]");
    }
    if (max != null && (max < 0 || max > EligibilityCriteria.MAX_AGE)) {
      p.add("eligibility.maxAge", "maxAge " + max + " outside [0, 150]");
    }
    if (min != null && max != null && min > max) {
      p.add("eligibility.maxAge", "maxAge " + max + " is below minAge " + min + ": nobody fits");
    }
  }

  private static void checkSchedule(Problems p, String at, @Nullable ServiceSchedule s) {
    if (s == null) {
      p.add(at, "a schedule is an object");
      return;
    }
    if (s.byDay().isEmpty()) {
      p.add(at + ".byDay", "byDay must name at least one day: MO TU WE TH FR SA SU");
    }
    if (s.opensAt() < 0 || s.opensAt() >= ServiceSchedule.DAY_MINUTES) {
      p.add(at + ".opensAt", "opensAt must be a time from 00:00 to 23:59");
    }
    if (s.closesAt() < 0 || s.closesAt() > ServiceSchedule.DAY_MINUTES) {
      p.add(at + ".closesAt", "closesAt must be a time from 00:00 to 24:00");
    }
    if (s.validFrom() != null && s.validTo() != null && s.validTo().isBefore(s.validFrom())) {
      p.add(at + ".validTo", "validTo " + s.validTo() + " is before validFrom " + s.validFrom());
    }
  }

  /** What is wrong with a phone number, or null. */
  public static @Nullable String numberProblem(@Nullable String number) {
    if (number == null || number.isBlank()) {
      return "number is required, such as 0755-12345678 or 13800138000";
    }
    if (number.length() > 40) {
      return "number is longer than 40 characters";
    }
    int digits = 0;
    for (int i = 0; i < number.length(); i++) {
      char c = number.charAt(i);
      if (c >= '0' && c <= '9') {
        digits++;
      } else if (!(c == ' '
          || c == '-'
          || c == '('
          || c == ')'
          || c == ','
          || c == '转'
          || (c == '+' && i == 0))) {
        return "number \""
            + number
            + "\" may hold only digits, spaces, - ( ), a leading + and an extension after , or 转";
      }
    }
    return digits < 3 || digits > 20 ? "number \"" + number + "\" needs 3..20 digits" : null;
  }

  /** What is wrong with a website address, or null. */
  public static @Nullable String websiteProblem(String website) {
    if (website.length() > MAX_WEBSITE) {
      return "website is longer than " + MAX_WEBSITE + " characters";
    }
    try {
      URI uri = new URI(website);
      String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
      if (!(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null) {
        return "website \"" + website + "\" must be an http or https address such as https://…";
      }
      return null;
    } catch (URISyntaxException e) {
      return "website \"" + website + "\" is not an address: " + e.getReason();
    }
  }

  /** These details with another status reason and until-date. */
  public ServiceDetails withStatus(@Nullable String reason, @Nullable LocalDate until) {
    return new ServiceDetails(
        phones,
        address,
        website,
        schedules,
        closures,
        cost,
        eligibility,
        accessibility,
        reason,
        until,
        timeZone);
  }

  /** The zone of the hours and dates. */
  public ZoneId zone() {
    return timeZone == null ? DEFAULT_ZONE : timeZone;
  }

  /** Whether nothing is set. */
  public boolean isEmpty() {
    return equals(NONE);
  }

  /**
   * Whether the service is open at {@code at}: some schedule has it open at that local time and no
   * closure covers that local date. Without schedules it is open at no time.
   */
  public boolean isOpenAt(Instant at) {
    ZonedDateTime local = at.atZone(zone());
    LocalDate date = local.toLocalDate();
    for (Closure c : closures) {
      if (c.covers(date)) {
        return false;
      }
    }
    int minute = local.getHour() * 60 + local.getMinute();
    for (ServiceSchedule s : schedules) {
      if (s.isOpen(date, minute)) {
        return true;
      }
    }
    return false;
  }
}
