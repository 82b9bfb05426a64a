package org.linli.core.synthetic;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Random;
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
import org.linli.core.service.ResidentProfile;
import org.linli.core.service.ServiceDetails;
import org.linli.core.service.ServiceFilters;
import org.linli.core.service.ServiceSchedule;

/**
 * Random service details, filters and profiles for oracle tests and benchmarks: office hours, split
 * shifts, evenings past midnight, round-the-clock lines, schedules valid for a season, holiday
 * closures, costs, criteria and access, all within {@link #FIRST_DAY} to {@link #LAST_DAY} so that
 * random instants in that window meet validity and closure edges often. Deterministic for a seed.
 */
public final class SyntheticServices {
  public static final LocalDate FIRST_DAY = LocalDate.of(2026, 12, 1);
  public static final LocalDate LAST_DAY = LocalDate.of(2027, 3, 31);
  private static final int SPAN = (int) (LAST_DAY.toEpochDay() - FIRST_DAY.toEpochDay());
  private static final ZoneId URUMQI = ZoneId.of("Asia/Urumqi");

  private final Random random;

  public SyntheticServices(long seed) {
    this.random = new Random(seed);
  }

  /** Details as a real directory's provider might have them (some fields left out). */
  public ServiceDetails details() {
    List<ContactPhone> phones = new ArrayList<>();
    int phoneCount = random.nextInt(10) == 0 ? 0 : 1 + random.nextInt(2);
    for (int i = 0; i < phoneCount; i++) {
      phones.add(
          new ContactPhone(
              i == 0
                  ? "0755-" + (20_000_000 + random.nextInt(70_000_000))
                  : "1" + (3_000_000_000L + random.nextInt(1_000_000_000)),
              i == 0 ? PhoneType.OFFICE : PhoneType.MOBILE));
    }
    List<ServiceSchedule> schedules = new ArrayList<>();
    int shape = random.nextInt(8);
    if (shape > 0) {
      schedules.addAll(schedules(shape));
    }
    List<Closure> closures = new ArrayList<>();
    for (int i = random.nextInt(4) == 0 ? 1 + random.nextInt(3) : 0; i > 0; i--) {
      LocalDate from = day();
      closures.add(
          new Closure(from, from.plusDays(random.nextInt(8)), random.nextBoolean() ? "春节" : null));
    }
    Cost cost =
        random.nextInt(6) == 0
            ? null
            : new Cost(CostType.values()[random.nextInt(3)], random.nextBoolean() ? "按次收费" : null);
    return new ServiceDetails(
        phones,
        random.nextBoolean() ? "深圳市福田区某街道" + random.nextInt(200) + "号" : null,
        random.nextInt(3) == 0 ? "https://example.org/s/" + random.nextInt(1000) : null,
        schedules,
        closures,
        cost,
        criteria(),
        some(Accessibility.class, 3),
        null,
        null,
        random.nextInt(20) == 0 ? URUMQI : null);
  }

  private List<ServiceSchedule> schedules(int shape) {
    Set<DayOfWeek> weekdays = EnumSet.range(DayOfWeek.MONDAY, DayOfWeek.FRIDAY);
    List<ServiceSchedule> out = new ArrayList<>();
    switch (shape) {
      case 1 -> out.add(new ServiceSchedule(weekdays, 9 * 60, 17 * 60 + 30, null, null));
      case 2 -> {
        out.add(new ServiceSchedule(weekdays, 8 * 60 + 30, 12 * 60, null, null));
        out.add(new ServiceSchedule(weekdays, 14 * 60, 17 * 60 + 30, null, null));
      }
      case 3 -> out.add(new ServiceSchedule(someDays(), minute(), minute(), null, null));
      case 4 -> out.add(new ServiceSchedule(EnumSet.allOf(DayOfWeek.class), 0, 0, null, null));
      case 5 -> {
        LocalDate from = day();
        out.add(
            new ServiceSchedule(
                someDays(), minute(), 1 + random.nextInt(1440), from, from.plusDays(14)));
        out.add(new ServiceSchedule(someDays(), minute(), minute(), null, from.minusDays(1)));
      }
      default -> {
        for (int i = 1 + random.nextInt(3); i > 0; i--) {
          LocalDate from = random.nextBoolean() ? day() : null;
          LocalDate to =
              random.nextBoolean()
                  ? (from == null ? day() : from.plusDays(random.nextInt(30)))
                  : null;
          out.add(new ServiceSchedule(someDays(), minute(), minute(), from, to));
        }
      }
    }
    return out;
  }

  private EligibilityCriteria criteria() {
    if (random.nextInt(3) == 0) {
      return EligibilityCriteria.NONE;
    }
    Integer min = random.nextInt(3) == 0 ? new int[] {0, 18, 60, 65, 80}[random.nextInt(5)] : null;
    Integer max = random.nextInt(5) == 0 ? (min == null ? 14 : min + random.nextInt(40)) : null;
    return new EligibilityCriteria(
        min,
        max,
        random.nextInt(3) == 0 ? some(Residence.class, 2) : Set.of(),
        random.nextInt(4) == 0 ? some(Income.class, 2) : Set.of(),
        random.nextInt(8) == 0);
  }

  /** Filters as a resident might set them: some of open now, free, access and their situation. */
  public ServiceFilters filters() {
    return new ServiceFilters(
        random.nextInt(3) == 0 ? instant() : null,
        random.nextInt(4) == 0 ? some(CostType.class, 2) : Set.of(),
        random.nextInt(5) == 0 ? some(Accessibility.class, 1) : Set.of(),
        random.nextInt(2) == 0 ? profile() : null);
  }

  /** A resident's profile, some parts left unsaid. */
  public ResidentProfile profile() {
    return new ResidentProfile(
        random.nextInt(6) == 0 ? null : random.nextInt(100),
        random.nextInt(5) == 0 ? null : Residence.values()[random.nextInt(3)],
        random.nextInt(5) == 0 ? null : Income.values()[random.nextInt(3)],
        random.nextInt(5) == 0 ? null : random.nextBoolean());
  }

  /** An instant within the window, often on a whole minute or just before one. */
  public Instant instant() {
    long start = FIRST_DAY.atStartOfDay(ServiceDetails.DEFAULT_ZONE).toEpochSecond();
    long second = start + (long) random.nextInt(SPAN) * 86_400 + random.nextInt(86_400);
    return Instant.ofEpochSecond(
        switch (random.nextInt(3)) {
          case 0 -> second - second % 60;
          case 1 -> second - second % 60 - 1;
          default -> second;
        });
  }

  private LocalDate day() {
    return FIRST_DAY.plusDays(random.nextInt(SPAN));
  }

  private int minute() {
    return random.nextInt(4) == 0 ? random.nextInt(1440) : 30 * random.nextInt(48);
  }

  private Set<DayOfWeek> someDays() {
    Set<DayOfWeek> days = some(DayOfWeek.class, 7);
    return days.isEmpty() ? EnumSet.of(DayOfWeek.SATURDAY) : days;
  }

  private <E extends Enum<E>> Set<E> some(Class<E> type, int atMost) {
    Set<E> out = EnumSet.noneOf(type);
    E[] values = type.getEnumConstants();
    for (int i = random.nextInt(atMost + 1); i > 0; i--) {
      out.add(values[random.nextInt(values.length)]);
    }
    return out;
  }
}
