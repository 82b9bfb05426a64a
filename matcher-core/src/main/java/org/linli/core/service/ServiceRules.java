package org.linli.core.service;

import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.linli.core.Nullable;

/**
 * The service rules of the public contract in their plain form: the oracle that {@link
 * ServiceCard}'s compact form is tested against, and what a near-miss is explained by. Stateless.
 *
 * <ul>
 *   <li>{@code openAt}: a schedule has the service open at that local time and no closure covers
 *       that local date ({@link ServiceDetails#isOpenAt}); without schedules, never.
 *   <li>{@code cost}: its cost type is one of those asked for; an unknown cost is none of them.
 *   <li>{@code accessibility}: it offers every kind asked for.
 *   <li>{@code resident}: the resident meets every criterion the provider sets (ages inclusive); a
 *       criterion on what the resident did not say is not met.
 * </ul>
 */
public final class ServiceRules {
  private ServiceRules() {}

  /** Whether {@code d} passes every rule of {@code f}. */
  public static boolean admits(ServiceDetails d, ServiceFilters f) {
    return unmet(d, f).isEmpty();
  }

  /** Every rule of {@code f} that {@code d} fails, in {@link ServiceRule} order. */
  public static List<Unmet> unmet(ServiceDetails d, ServiceFilters f) {
    List<Unmet> out = new ArrayList<>(0);
    Instant openAt = f.openAt();
    if (openAt != null && !d.isOpenAt(openAt)) {
      out.add(
          new Unmet(
              ServiceRule.OPEN_AT,
              d.schedules().isEmpty()
                  ? "opening hours not known"
                  : "closed at " + openAt.atZone(d.zone()).toLocalDateTime()));
    }
    Cost cost = d.cost();
    if (!f.cost().isEmpty() && (cost == null || !f.cost().contains(cost.type()))) {
      out.add(new Unmet(ServiceRule.COST, cost == null ? "cost not known" : cost.type().name()));
    }
    if (!d.accessibility().containsAll(f.accessibility())) {
      Set<Accessibility> missing = EnumSet.copyOf(f.accessibility());
      missing.removeAll(d.accessibility());
      out.add(
          new Unmet(
              ServiceRule.ACCESSIBILITY,
              "no " + missing.stream().map(Enum::name).collect(Collectors.joining(", "))));
    }
    ResidentProfile r = f.resident();
    if (r != null) {
      unmetCriteria(d.eligibility(), r, out);
    }
    return out;
  }

  /** Adds to {@code out} every criterion of {@code e} that {@code r} does not meet. */
  public static void unmetCriteria(EligibilityCriteria e, ResidentProfile r, List<Unmet> out) {
    Integer age = r.age();
    if (e.minAge() != null && (age == null || age < e.minAge())) {
      out.add(new Unmet(ServiceRule.MIN_AGE, "aged " + e.minAge() + " or over"));
    }
    if (e.maxAge() != null && (age == null || age > e.maxAge())) {
      out.add(new Unmet(ServiceRule.MAX_AGE, "aged " + e.maxAge() + " or under"));
    }
    if (!e.residence().isEmpty() && !contains(e.residence(), r.residence())) {
      out.add(new Unmet(ServiceRule.RESIDENCE, "residence " + names(e.residence())));
    }
    if (!e.income().isEmpty() && !contains(e.income(), r.income())) {
      out.add(new Unmet(ServiceRule.INCOME, "income " + names(e.income())));
    }
    if (e.disabilityRequired() && !Boolean.TRUE.equals(r.disability())) {
      out.add(new Unmet(ServiceRule.DISABILITY, "people with a disability"));
    }
  }

  private static <E> boolean contains(Set<E> set, @Nullable E value) {
    return value != null && set.contains(value);
  }

  private static String names(Set<? extends Enum<?>> values) {
    return values.stream().map(Enum::name).collect(Collectors.joining(" or "));
  }
}
