package org.linli.core.taxonomy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.constraints.UniqueElements;

class SkillTest {
  @Property(tries = 500)
  void canonical_equalsAnUnmodifiableCopy_inOrdinalOrder(
      @ForAll @Size(min = 1, max = 8) @UniqueElements List<Skill> skills) {
    Set<Skill> canonical = Skill.canonical(skills);
    Set<Skill> copy = Collections.unmodifiableSet(EnumSet.copyOf(skills));
    assertThat(canonical).isEqualTo(copy).hasSameHashCodeAs(copy);
    assertThat(new ArrayList<>(canonical)).containsExactlyElementsOf(copy);
    assertThatThrownBy(() -> canonical.add(Skill.HOUSING))
        .isInstanceOf(UnsupportedOperationException.class);
  }

  @Property(tries = 200)
  void smallSets_areShared_largeOnesAreNot(
      @ForAll @Size(min = 1, max = 8) @UniqueElements List<Skill> skills) {
    List<Skill> reversed = new ArrayList<>(skills);
    Collections.reverse(reversed);
    boolean same = Skill.canonical(skills) == Skill.canonical(reversed);
    assertThat(same).isEqualTo(skills.size() <= 4);
  }
}
