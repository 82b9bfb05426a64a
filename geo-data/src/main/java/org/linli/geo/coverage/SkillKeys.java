package org.linli.geo.coverage;

import java.util.Set;
import org.linli.core.taxonomy.Skill;

/**
 * The keys the coverage model counts under: one per skill (its ordinal) and {@link #ALL} for "any
 * skill".
 */
final class SkillKeys {
  /** The key of "any skill". */
  static final int ALL = Skill.values().length;

  private SkillKeys() {}

  /** The key of {@code skill}, or {@link #ALL} when it is null. */
  static int of(Skill skill) {
    return skill == null ? ALL : skill.ordinal();
  }

  /** The keys {@code skills} count under: each skill's and {@link #ALL}. */
  static int[] of(Set<Skill> skills) {
    int[] out = new int[skills.size() + 1];
    int i = 0;
    for (Skill s : skills) {
      out[i++] = s.ordinal();
    }
    out[i] = ALL;
    return out;
  }
}
