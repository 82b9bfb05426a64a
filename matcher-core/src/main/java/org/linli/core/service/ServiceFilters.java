package org.linli.core.service;

import java.time.Instant;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Set;
import org.linli.core.Nullable;

/**
 * The rules a match request may add about service details (all optional; {@link #NONE} adds none).
 *
 * @param openAt the provider must be open at this instant, or null
 * @param cost its cost type must be one of these, when not empty
 * @param accessibility it must offer all of these
 * @param resident it must admit this resident, or null
 */
public record ServiceFilters(
    @Nullable Instant openAt,
    Set<CostType> cost,
    Set<Accessibility> accessibility,
    @Nullable ResidentProfile resident) {

  public static final ServiceFilters NONE = new ServiceFilters(null, Set.of(), Set.of(), null);

  public ServiceFilters {
    cost =
        cost == null || cost.isEmpty()
            ? Set.of()
            : Collections.unmodifiableSet(EnumSet.copyOf(cost));
    accessibility =
        accessibility == null || accessibility.isEmpty()
            ? Set.of()
            : Collections.unmodifiableSet(EnumSet.copyOf(accessibility));
  }

  /** Whether no rule is added. */
  public boolean isEmpty() {
    return openAt == null && cost.isEmpty() && accessibility.isEmpty() && resident == null;
  }

  /** These filters without the resident's profile. */
  public ServiceFilters withoutResident() {
    return new ServiceFilters(openAt, cost, accessibility, null);
  }
}
