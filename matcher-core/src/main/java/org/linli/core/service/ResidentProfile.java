package org.linli.core.service;

import org.linli.core.Nullable;
import org.linli.core.error.Problems;

/**
 * What a resident says about themselves so that matching keeps only services they may use. A
 * criterion on something the resident did not say is not met: the service may not be for them.
 *
 * @param age in years, in [0, 150], or null
 * @param residence their registration, or null
 * @param income their assistance standing, or null
 * @param disability whether they have a disability, or null
 */
public record ResidentProfile(
    @Nullable Integer age,
    @Nullable Residence residence,
    @Nullable Income income,
    @Nullable Boolean disability) {

  public ResidentProfile {
    Problems p = new Problems();
    if (age != null && (age < 0 || age > EligibilityCriteria.MAX_AGE)) {
      p.add("resident.age", "age " + age + " outside [0, 150]");
    }
    p.throwIfAny();
  }
}
