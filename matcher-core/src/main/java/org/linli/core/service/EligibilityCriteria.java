package org.linli.core.service;

import java.util.Collections;
import java.util.EnumSet;
import java.util.Set;
import org.linli.core.Nullable;

/**
 * Who may use a service. Each criterion that is set must hold; an absent one admits everyone.
 * Checked by {@link ServiceDetails}.
 *
 * @param minAge youngest age admitted (inclusive), or null
 * @param maxAge oldest age admitted (inclusive), or null
 * @param residence the registrations admitted; empty admits any
 * @param income the assistance standings admitted; empty admits any
 * @param disabilityRequired whether only people with a disability are served
 */
public record EligibilityCriteria(
    @Nullable Integer minAge,
    @Nullable Integer maxAge,
    Set<Residence> residence,
    Set<Income> income,
    boolean disabilityRequired) {

  public static final int MAX_AGE = 150;

  /** No criteria: everyone is admitted. */
  public static final EligibilityCriteria NONE =
      new EligibilityCriteria(null, null, Set.of(), Set.of(), false);

  public EligibilityCriteria {
    residence =
        residence == null || residence.isEmpty()
            ? Set.of()
            : Collections.unmodifiableSet(EnumSet.copyOf(residence));
    income =
        income == null || income.isEmpty()
            ? Set.of()
            : Collections.unmodifiableSet(EnumSet.copyOf(income));
  }

  /** Whether no criterion is set. */
  public boolean isEmpty() {
    return minAge == null
        && maxAge == null
        && residence.isEmpty()
        && income.isEmpty()
        && !disabilityRequired;
  }
}
