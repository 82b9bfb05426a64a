package org.linli.core.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZonedDateTime;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.linli.core.synthetic.SyntheticServices;

/** The compact form against the plain rules, on random details, filters and instants. */
class ServiceCardPropertyTest {

  @Property(tries = 2000)
  void hoursEqualThePlainRule(@ForAll long seed) {
    SyntheticServices gen = new SyntheticServices(seed);
    ServiceDetails d = gen.details();
    ServiceCard card = ServiceCard.of(d);
    for (int i = 0; i < 50; i++) {
      Instant at = gen.instant();
      boolean expected = d.isOpenAt(at);
      boolean actual = card != null && card.isOpen(query(at));
      assertThat(actual).as("%s at %s", d, at).isEqualTo(expected);
    }
  }

  @Property(tries = 2000)
  void criteriaAndHoursEqualThePlainRules(@ForAll long seed) {
    SyntheticServices gen = new SyntheticServices(seed);
    ServiceDetails d = gen.details();
    ServiceCard card = ServiceCard.of(d);
    for (int i = 0; i < 50; i++) {
      ServiceFilters f = gen.filters();
      ServiceCard.Query q = new ServiceCard.Query(f);
      boolean actual = q.admits(ServiceCard.criteria(card)) && (!q.checksHours() || card.isOpen(q));
      assertThat(actual).as("%s for %s", d, f).isEqualTo(ServiceRules.admits(d, f));
    }
  }

  /** A near-miss is explained by the same words as the plain rules. */
  @Property(tries = 1000)
  void unmetCriteriaAreThePlainRulesWords(@ForAll long seed) {
    SyntheticServices gen = new SyntheticServices(seed);
    ServiceDetails d = gen.details();
    ServiceCard card = ServiceCard.of(d);
    ResidentProfile r = gen.profile();
    java.util.List<Unmet> expected = ServiceRules.unmet(d, new ServiceFilters(null, null, null, r));
    assertThat(card == null ? java.util.List.of() : card.unmetBy(r)).isEqualTo(expected);
  }

  /** The summary's "open now" is the hours rule at that instant. */
  @Property(tries = 500)
  void summaryOpenNowIsTheRule(@ForAll long seed) {
    SyntheticServices gen = new SyntheticServices(seed);
    ServiceDetails d = gen.details();
    ServiceCard card = ServiceCard.of(d);
    Instant now = gen.instant();
    ServiceSummary s =
        card == null
            ? ServiceCard.summaryWithout(java.util.Set.of())
            : card.summary(java.util.Set.of(), now);
    assertThat(s.openNow()).isEqualTo(d.isOpenAt(now));
    LocalDate today = ZonedDateTime.ofInstant(now, d.zone()).toLocalDate();
    boolean closed = d.closures().stream().anyMatch(c -> c.covers(today));
    assertThat(s.closedToday()).isEqualTo(closed);
    if (d.schedules().isEmpty()) {
      assertThat(s.todayHours()).isNull();
    } else if (closed) {
      assertThat(s.todayHours()).isEmpty();
    } else {
      long opensToday =
          d.schedules().stream()
              .filter(x -> x.byDay().contains(today.getDayOfWeek()) && x.isValidOn(today))
              .count();
      assertThat(s.todayHours()).hasSize((int) opensToday);
    }
  }

  private static ServiceCard.Query query(Instant at) {
    return new ServiceCard.Query(new ServiceFilters(at, null, null, null));
  }
}
