package org.linli.core.service;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Set;
import org.linli.core.Nullable;

/**
 * Weekly opening hours: on each day of {@code byDay} the service opens at {@code opensAt} and
 * closes at {@code closesAt}, minutes after local midnight, on the days between {@code validFrom}
 * and {@code validTo} (both included; null is unbounded). Checked by {@link ServiceDetails}.
 *
 * <p>A {@code closesAt} that is not after {@code opensAt} runs past midnight into the next day
 * ({@code 22:00}–{@code 06:00}); equal times are 24 hours from {@code opensAt} (so {@code
 * 00:00}–{@code 00:00} is the whole day); {@code 24:00} (1440) closes at midnight. The opening day
 * decides: an evening that runs past midnight belongs to the day it began, for {@code byDay} and
 * for validity alike.
 *
 * @param byDay the days it opens, at least one
 * @param opensAt minute of the day, in [0, 1440)
 * @param closesAt minute of the day, in [0, 1440]
 */
public record ServiceSchedule(
    Set<DayOfWeek> byDay,
    int opensAt,
    int closesAt,
    @Nullable LocalDate validFrom,
    @Nullable LocalDate validTo) {

  public static final int DAY_MINUTES = 1440;

  public ServiceSchedule {
    byDay =
        byDay == null || byDay.isEmpty()
            ? Set.of()
            : Collections.unmodifiableSet(EnumSet.copyOf(byDay));
  }

  /** Whether the hours run past midnight (or around the clock). */
  public boolean overnight() {
    return closesAt <= opensAt;
  }

  /** Whether the schedule applies to opening days on {@code date}. */
  public boolean isValidOn(LocalDate date) {
    return (validFrom == null || !date.isBefore(validFrom))
        && (validTo == null || !date.isAfter(validTo));
  }

  /**
   * Whether the service is open at {@code minute} of local {@code date} under this schedule alone:
   * it opened that day and has not closed, or it opened the day before and runs past midnight.
   */
  public boolean isOpen(LocalDate date, int minute) {
    if (byDay.contains(date.getDayOfWeek())
        && isValidOn(date)
        && minute >= opensAt
        && minute < (overnight() ? DAY_MINUTES : closesAt)) {
      return true;
    }
    LocalDate dayBefore = date.minusDays(1);
    return overnight()
        && minute < closesAt
        && byDay.contains(dayBefore.getDayOfWeek())
        && isValidOn(dayBefore);
  }

  /** {@code "HH:MM"} for a minute of the day in [0, 1440]. */
  public static String clock(int minute) {
    int h = minute / 60;
    int m = minute % 60;
    return (h < 10 ? "0" : "") + h + ":" + (m < 10 ? "0" : "") + m;
  }

  /**
   * The minute of the day that {@code "HH:MM"} names ({@code 24:00} is 1440), or -1 when it is not
   * such a time.
   */
  public static int minuteOf(@Nullable String clock) {
    if (clock == null || clock.length() != 5 || clock.charAt(2) != ':') {
      return -1;
    }
    for (int i : new int[] {0, 1, 3, 4}) {
      if (clock.charAt(i) < '0' || clock.charAt(i) > '9') {
        return -1;
      }
    }
    int h = (clock.charAt(0) - '0') * 10 + clock.charAt(1) - '0';
    int m = (clock.charAt(3) - '0') * 10 + clock.charAt(4) - '0';
    if (m > 59 || h > 24 || (h == 24 && m != 0)) {
      return -1;
    }
    return h * 60 + m;
  }

  /** The two-letter iCalendar code of a day ({@code MO}, {@code TU}, …). */
  public static String code(DayOfWeek day) {
    return day.name().substring(0, 2);
  }

  /** The day a two-letter iCalendar code names, or null. */
  public static @Nullable DayOfWeek dayOf(@Nullable String code) {
    if (code != null) {
      for (DayOfWeek d : DayOfWeek.values()) {
        if (code(d).equals(code)) {
          return d;
        }
      }
    }
    return null;
  }
}
