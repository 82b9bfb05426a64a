package org.linli.core.service;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.linli.core.Nullable;
import org.linli.core.taxonomy.Skill;

/**
 * A provider's service details in the compact form the index keeps and checks per candidate: the
 * criteria as bits of one long ({@link #criteria()}, which the index stores beside each entry's
 * other masks), the schedules as packed longs (a 7-bit day mask with the opening and closing
 * minute, then the validity as epoch days) and the closures as epoch-day pairs; and what a match
 * answer shows ({@link #summary}). Exact: the same answers as {@link ServiceRules}, which the tests
 * check on random details. Immutable.
 */
public final class ServiceCard {
  // Criteria bits.
  private static final int COST_BITS = 0; // 2 bits: 0 unknown, else CostType ordinal + 1
  private static final long HAS_HOURS = 1L << 2;
  private static final int ACCESS_SHIFT = 3; // 8 bits
  private static final int RESIDENCE_SHIFT = 11; // 3 bits, none set: no criterion
  private static final int INCOME_SHIFT = 14; // 3 bits
  private static final long DISABILITY = 1L << 17;
  private static final int MIN_AGE_SHIFT = 18; // 8 bits: 0 no criterion, else age + 1
  private static final int MAX_AGE_SHIFT = 26; // 8 bits

  /** The criteria of a provider without details: none, no hours, no known cost. */
  public static final long NO_CRITERIA = 0;

  private static final long[] NO_LONGS = {};
  private static final String[] NO_STRINGS = {};

  private final long criteria;
  private final @Nullable String phone;
  private final @Nullable CostType cost;
  private final ZoneId zone;

  /** The criteria as given, to explain a near-miss in the words of {@link ServiceRules}. */
  private final EligibilityCriteria eligibility;

  /** Per schedule: days (bits 0-6, Monday first), opensAt << 7, closesAt << 18; from; to. */
  private final long[] schedules;

  /** Per closure: first and last epoch day. */
  private final long[] closures;

  /** Per closure: its reason, or null (array elements are not null-checked). */
  private final String[] closureReasons;

  private ServiceCard(ServiceDetails d) {
    this.phone = d.phones().isEmpty() ? null : d.phones().get(0).number();
    this.cost = d.cost() == null ? null : d.cost().type();
    this.zone = d.zone();
    this.eligibility = d.eligibility();
    this.schedules = d.schedules().isEmpty() ? NO_LONGS : new long[3 * d.schedules().size()];
    for (int i = 0; i < d.schedules().size(); i++) {
      ServiceSchedule s = d.schedules().get(i);
      long days = 0;
      for (DayOfWeek day : s.byDay()) {
        days |= 1L << (day.getValue() - 1);
      }
      schedules[3 * i] = days | (long) s.opensAt() << 7 | (long) s.closesAt() << 18;
      schedules[3 * i + 1] = s.validFrom() == null ? Long.MIN_VALUE : s.validFrom().toEpochDay();
      schedules[3 * i + 2] = s.validTo() == null ? Long.MAX_VALUE : s.validTo().toEpochDay();
    }
    this.closures = d.closures().isEmpty() ? NO_LONGS : new long[2 * d.closures().size()];
    this.closureReasons = d.closures().isEmpty() ? NO_STRINGS : new String[d.closures().size()];
    for (int i = 0; i < d.closures().size(); i++) {
      Closure c = d.closures().get(i);
      closures[2 * i] = c.from().toEpochDay();
      closures[2 * i + 1] = c.to().toEpochDay();
      closureReasons[i] = c.reason();
    }
    long bits = cost == null ? 0 : cost.ordinal() + 1L;
    bits |= d.schedules().isEmpty() ? 0 : HAS_HOURS;
    for (Accessibility a : d.accessibility()) {
      bits |= 1L << (ACCESS_SHIFT + a.ordinal());
    }
    EligibilityCriteria e = d.eligibility();
    bits |= mask(e.residence()) << RESIDENCE_SHIFT;
    bits |= mask(e.income()) << INCOME_SHIFT;
    bits |= e.disabilityRequired() ? DISABILITY : 0;
    bits |= (e.minAge() == null ? 0 : e.minAge() + 1L) << MIN_AGE_SHIFT;
    bits |= (e.maxAge() == null ? 0 : e.maxAge() + 1L) << MAX_AGE_SHIFT;
    this.criteria = bits;
  }

  private static long mask(Set<? extends Enum<?>> values) {
    long m = 0;
    for (Enum<?> v : values) {
      m |= 1L << v.ordinal();
    }
    return m;
  }

  /**
   * The card of {@code d}, or null when it says nothing (its criteria are {@link #NO_CRITERIA}).
   */
  public static @Nullable ServiceCard of(ServiceDetails d) {
    return d.isEmpty() ? null : new ServiceCard(d);
  }

  /** The criteria of {@code card} as one long, for {@link Query#admits}. */
  public static long criteria(@Nullable ServiceCard card) {
    return card == null ? NO_CRITERIA : card.criteria;
  }

  /**
   * Whether the service is open at {@code q}'s {@code openAt} ({@link ServiceDetails#isOpenAt}).
   */
  public boolean isOpen(Query q) {
    Instant at = q.openAt;
    if (at == null) {
      return true;
    }
    if (zone.equals(q.zone)) {
      return isOpen(q.epochDay, q.dayIndex, q.minute);
    }
    ZonedDateTime local = at.atZone(zone);
    return isOpen(
        local.toLocalDate().toEpochDay(),
        local.getDayOfWeek().getValue() - 1,
        local.getHour() * 60 + local.getMinute());
  }

  private boolean isOpen(long day, int dayIndex, int minute) {
    for (int i = 0; i < closures.length; i += 2) {
      if (closures[i] <= day && day <= closures[i + 1]) {
        return false;
      }
    }
    int dayBefore = dayIndex == 0 ? 6 : dayIndex - 1;
    for (int i = 0; i < schedules.length; i += 3) {
      long packed = schedules[i];
      int opens = (int) (packed >>> 7) & 0x7ff;
      int closes = (int) (packed >>> 18) & 0x7ff;
      boolean overnight = closes <= opens;
      if ((packed & (1L << dayIndex)) != 0
          && minute >= opens
          && minute < (overnight ? ServiceSchedule.DAY_MINUTES : closes)
          && schedules[i + 1] <= day
          && day <= schedules[i + 2]) {
        return true;
      }
      if (overnight
          && minute < closes
          && (packed & (1L << dayBefore)) != 0
          && schedules[i + 1] <= day - 1
          && day - 1 <= schedules[i + 2]) {
        return true;
      }
    }
    return false;
  }

  /** The resident's criteria this provider sets that {@code r} does not meet. */
  public List<Unmet> unmetBy(ResidentProfile r) {
    List<Unmet> out = new ArrayList<>(0);
    ServiceRules.unmetCriteria(eligibility, r, out);
    return out;
  }

  /** What a match shows of a provider with {@code skills} and this card, at {@code now}. */
  public ServiceSummary summary(Set<Skill> skills, Instant now) {
    ZonedDateTime local = now.atZone(zone);
    long day = local.toLocalDate().toEpochDay();
    int dayIndex = local.getDayOfWeek().getValue() - 1;
    String closedFor = null;
    boolean closedToday = false;
    for (int i = 0; i < closures.length; i += 2) {
      if (closures[i] <= day && day <= closures[i + 1]) {
        closedToday = true;
        closedFor = closureReasons[i / 2];
        break;
      }
    }
    List<String> today = null;
    if (schedules.length > 0) {
      today = new ArrayList<>();
      for (int i = 0; !closedToday && i < schedules.length; i += 3) {
        long packed = schedules[i];
        if ((packed & (1L << dayIndex)) != 0
            && schedules[i + 1] <= day
            && day <= schedules[i + 2]) {
          today.add(
              ServiceSchedule.clock((int) (packed >>> 7) & 0x7ff)
                  + "-"
                  + ServiceSchedule.clock((int) (packed >>> 18) & 0x7ff));
        }
      }
      today.sort(null);
    }
    boolean openNow =
        schedules.length > 0 && isOpen(day, dayIndex, local.getHour() * 60 + local.getMinute());
    return new ServiceSummary(skills, phone, openNow, today, cost, closedToday, closedFor);
  }

  /** The summary of a provider without a card. */
  public static ServiceSummary summaryWithout(Set<Skill> skills) {
    return new ServiceSummary(skills, null, false, null, null, false, null);
  }

  /**
   * A request's {@link ServiceFilters} compiled once per match for {@link #admits} on each
   * candidate's criteria, with the local day and minute of {@code openAt} in the default zone.
   */
  public static final class Query {
    private final @Nullable Instant openAt;
    private final ZoneId zone = ServiceDetails.DEFAULT_ZONE;
    private final long epochDay;
    private final int dayIndex;
    private final int minute;
    private final long required; // bits that must all be set: hours, access
    private final long costMask; // bit (ordinal + 1) for each admitted cost; 0 = any
    private final boolean resident;
    private final int age; // -1 when not said
    private final long residenceBit;
    private final long incomeBit;
    private final boolean disability;

    public Query(ServiceFilters f) {
      this.openAt = f.openAt();
      if (openAt != null) {
        ZonedDateTime local = openAt.atZone(zone);
        LocalDate date = local.toLocalDate();
        this.epochDay = date.toEpochDay();
        this.dayIndex = local.getDayOfWeek().getValue() - 1;
        this.minute = local.getHour() * 60 + local.getMinute();
      } else {
        this.epochDay = 0;
        this.dayIndex = 0;
        this.minute = 0;
      }
      long req = openAt != null ? HAS_HOURS : 0;
      for (Accessibility a : f.accessibility()) {
        req |= 1L << (ACCESS_SHIFT + a.ordinal());
      }
      this.required = req;
      long costs = 0;
      for (CostType c : f.cost()) {
        costs |= 1L << (c.ordinal() + 1);
      }
      this.costMask = costs;
      ResidentProfile r = f.resident();
      this.resident = r != null;
      this.age = r == null || r.age() == null ? -1 : r.age();
      this.residenceBit = r == null || r.residence() == null ? 0 : 1L << r.residence().ordinal();
      this.incomeBit = r == null || r.income() == null ? 0 : 1L << r.income().ordinal();
      this.disability = r != null && Boolean.TRUE.equals(r.disability());
    }

    /** Whether a schedule must be checked as well ({@link ServiceCard#isOpen}). */
    public boolean checksHours() {
      return openAt != null;
    }

    /** Whether a provider with these criteria passes every rule but the hours. */
    public boolean admits(long criteria) {
      if ((criteria & required) != required) {
        return false;
      }
      if (costMask != 0 && (costMask & (1L << (criteria & 3))) == 0) {
        return false;
      }
      if (!resident) {
        return true;
      }
      long residence = (criteria >>> RESIDENCE_SHIFT) & 7;
      long income = (criteria >>> INCOME_SHIFT) & 7;
      int minAge = (int) (criteria >>> MIN_AGE_SHIFT) & 0xff;
      int maxAge = (int) (criteria >>> MAX_AGE_SHIFT) & 0xff;
      return (residence == 0 || (residence & residenceBit) != 0)
          && (income == 0 || (income & incomeBit) != 0)
          && ((criteria & DISABILITY) == 0 || disability)
          && (minAge == 0 || age >= minAge - 1) // an unsaid age, -1, is below every bound
          && (maxAge == 0 || (age >= 0 && age <= maxAge - 1));
    }
  }
}
