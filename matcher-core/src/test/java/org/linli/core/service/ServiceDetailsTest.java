package org.linli.core.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.linli.core.error.FieldError;
import org.linli.core.error.InvalidInputException;

class ServiceDetailsTest {
  static final Set<DayOfWeek> WEEKDAYS = EnumSet.range(DayOfWeek.MONDAY, DayOfWeek.FRIDAY);

  /** 2026-12-11 is a Friday. */
  static Instant at(String localDateTime) {
    return LocalDateTime.parse(localDateTime).atZone(ServiceDetails.DEFAULT_ZONE).toInstant();
  }

  static ServiceDetails hours(ServiceSchedule... schedules) {
    return withHours(List.of(schedules), List.of(), null);
  }

  static ServiceDetails withHours(
      List<ServiceSchedule> schedules, List<Closure> closures, ZoneId zone) {
    return new ServiceDetails(
        List.of(), null, null, schedules, closures, null, null, null, null, null, zone);
  }

  @Test
  void officeHours_openFromTheOpeningMinuteUntilBeforeTheClosingOne() {
    ServiceDetails d = hours(new ServiceSchedule(WEEKDAYS, 9 * 60, 17 * 60 + 30, null, null));
    assertThat(d.isOpenAt(at("2026-12-11T08:59:59"))).isFalse();
    assertThat(d.isOpenAt(at("2026-12-11T09:00:00"))).isTrue();
    assertThat(d.isOpenAt(at("2026-12-11T17:29:59"))).isTrue();
    assertThat(d.isOpenAt(at("2026-12-11T17:30:00"))).isFalse();
    assertThat(d.isOpenAt(at("2026-12-12T10:00:00"))).as("Saturday").isFalse();
  }

  @Test
  void anEveningPastMidnight_belongsToTheDayItBegan() {
    ServiceSchedule fridayNight =
        new ServiceSchedule(EnumSet.of(DayOfWeek.FRIDAY), 22 * 60, 6 * 60, null, null);
    ServiceDetails d = hours(fridayNight);
    assertThat(d.isOpenAt(at("2026-12-11T21:59:00"))).isFalse();
    assertThat(d.isOpenAt(at("2026-12-11T23:00:00"))).isTrue();
    assertThat(d.isOpenAt(at("2026-12-12T05:59:59"))).as("Saturday early, Friday's night").isTrue();
    assertThat(d.isOpenAt(at("2026-12-12T06:00:00"))).isFalse();
    assertThat(d.isOpenAt(at("2026-12-11T03:00:00"))).as("Thursday's night: none").isFalse();

    ServiceDetails lastNight =
        hours(
            new ServiceSchedule(
                EnumSet.of(DayOfWeek.FRIDAY), 22 * 60, 6 * 60, null, LocalDate.of(2026, 12, 11)));
    assertThat(lastNight.isOpenAt(at("2026-12-12T03:00:00")))
        .as("valid to Friday: the night that began on Friday runs on")
        .isTrue();
    ServiceDetails fromSaturday =
        hours(
            new ServiceSchedule(
                EnumSet.of(DayOfWeek.FRIDAY), 22 * 60, 6 * 60, LocalDate.of(2026, 12, 12), null));
    assertThat(fromSaturday.isOpenAt(at("2026-12-12T03:00:00"))).isFalse();
  }

  @Test
  void aClosureCoversItsLocalDates_evenAfterMidnightOfAnOpenEvening() {
    ServiceDetails d =
        withHours(
            List.of(
                new ServiceSchedule(EnumSet.allOf(DayOfWeek.class), 22 * 60, 6 * 60, null, null)),
            List.of(new Closure(LocalDate.of(2026, 12, 12), LocalDate.of(2026, 12, 13), "检修")),
            null);
    assertThat(d.isOpenAt(at("2026-12-11T23:59:00"))).isTrue();
    assertThat(d.isOpenAt(at("2026-12-12T00:30:00"))).isFalse();
    assertThat(d.isOpenAt(at("2026-12-13T23:00:00"))).isFalse();
    assertThat(d.isOpenAt(at("2026-12-14T00:00:00"))).isTrue();
  }

  @Test
  void midnightAndRoundTheClock() {
    ServiceDetails untilMidnight =
        hours(new ServiceSchedule(EnumSet.of(DayOfWeek.FRIDAY), 18 * 60, 1440, null, null));
    assertThat(untilMidnight.isOpenAt(at("2026-12-11T23:59:59"))).isTrue();
    assertThat(untilMidnight.isOpenAt(at("2026-12-12T00:00:00"))).isFalse();
    ServiceDetails allDay =
        hours(new ServiceSchedule(EnumSet.of(DayOfWeek.FRIDAY), 0, 0, null, null));
    assertThat(allDay.isOpenAt(at("2026-12-11T00:00:00"))).isTrue();
    assertThat(allDay.isOpenAt(at("2026-12-11T23:59:59"))).isTrue();
    assertThat(allDay.isOpenAt(at("2026-12-12T00:00:00"))).isFalse();
    ServiceDetails dayFromNoon =
        hours(new ServiceSchedule(EnumSet.of(DayOfWeek.FRIDAY), 720, 720, null, null));
    assertThat(dayFromNoon.isOpenAt(at("2026-12-12T11:59:00"))).as("24 hours from noon").isTrue();
    assertThat(dayFromNoon.isOpenAt(at("2026-12-12T12:00:00"))).isFalse();
  }

  @Test
  void hoursAreInTheProvidersZone_andNoScheduleIsNeverOpen() {
    ServiceDetails urumqi =
        withHours(
            List.of(new ServiceSchedule(WEEKDAYS, 10 * 60, 19 * 60, null, null)),
            List.of(),
            ZoneId.of("Asia/Urumqi"));
    // 10:30 in Beijing is 08:30 in Urumqi.
    assertThat(urumqi.isOpenAt(at("2026-12-11T10:30:00"))).isFalse();
    assertThat(urumqi.isOpenAt(at("2026-12-11T12:30:00"))).isTrue();
    assertThat(ServiceDetails.NONE.isOpenAt(at("2026-12-11T12:30:00"))).isFalse();
  }

  @Test
  void clockTimes() {
    assertThat(ServiceSchedule.minuteOf("09:05")).isEqualTo(545);
    assertThat(ServiceSchedule.minuteOf("24:00")).isEqualTo(1440);
    assertThat(ServiceSchedule.minuteOf("24:01")).isEqualTo(-1);
    assertThat(ServiceSchedule.minuteOf("9:05")).isEqualTo(-1);
    assertThat(ServiceSchedule.minuteOf("09:60")).isEqualTo(-1);
    assertThat(ServiceSchedule.clock(1050)).isEqualTo("17:30");
  }

  @Test
  void validation_namesEveryBadField() {
    assertThatThrownBy(
            () ->
                new ServiceDetails(
                    List.of(new ContactPhone("call me", PhoneType.OFFICE)),
                    " ",
                    "ftp://example.org",
                    List.of(
                        new ServiceSchedule(Set.of(), 9 * 60, 17 * 60, null, null),
                        new ServiceSchedule(
                            WEEKDAYS,
                            1440,
                            60,
                            LocalDate.of(2027, 1, 2),
                            LocalDate.of(2027, 1, 1))),
                    List.of(
                        new Closure(LocalDate.of(2027, 2, 17), LocalDate.of(2027, 2, 10), null)),
                    new Cost(CostType.PAID, ""),
                    new EligibilityCriteria(70, 60, null, null, false),
                    null,
                    null,
                    null,
                    null))
        .isInstanceOf(InvalidInputException.class)
        .extracting(
            e -> ((InvalidInputException) e).errors().stream().map(FieldError::field).toList())
        .asList()
        .containsExactly(
            "phones[0].number",
            "address",
            "website",
            "schedules[0].byDay",
            "schedules[1].opensAt",
            "schedules[1].validTo",
            "closures[0].to",
            "cost.note",
            "eligibility.maxAge");
  }

  @Test
  void phoneNumbersAsPeopleWriteThem() {
    assertThat(ServiceDetails.numberProblem("0755-1234 5678")).isNull();
    assertThat(ServiceDetails.numberProblem("+86 138 0013 8000")).isNull();
    assertThat(ServiceDetails.numberProblem("(0755)12345678转801")).isNull();
    assertThat(ServiceDetails.numberProblem("12")).contains("3..20 digits");
    assertThat(ServiceDetails.numberProblem("138-0013+8000")).contains("leading +");
  }
}
