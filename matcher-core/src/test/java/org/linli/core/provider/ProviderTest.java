package org.linli.core.provider;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;
import org.linli.core.error.FieldError;
import org.linli.core.error.InvalidInputException;
import org.linli.core.geo.GeoPoint;
import org.linli.core.taxonomy.Skill;

class ProviderTest {
  /**
   * Strings near the rules' edges: the allowed characters plus a few others, of lengths around the
   * limits.
   */
  @Provide
  Arbitrary<String> idLike() {
    return Arbitraries.strings().withChars("aZ09._:-/ é中").ofMinLength(0).ofMaxLength(70);
  }

  @Provide
  Arbitrary<String> languageLike() {
    return Arbitraries.strings().withChars("azAZ09-_ ").ofMinLength(0).ofMaxLength(40);
  }

  @Property(tries = 3000)
  void isValidId_agreesWithThePattern(@ForAll("idLike") String s) {
    assertThat(Provider.isValidId(s)).isEqualTo(Provider.ID.matcher(s).matches());
  }

  @Property(tries = 3000)
  void isLanguageCode_agreesWithThePattern(@ForAll("languageLike") String s) {
    assertThat(Provider.isLanguageCode(s)).isEqualTo(Provider.LANGUAGE.matcher(s).matches());
  }

  @Test
  void languageCodes_atTheEdges() {
    for (String ok : List.of("zh", "yue", "zh-Hans", "zh-Hans-CN", "en-a1-b2-c3", "yue-12345678")) {
      assertThat(Provider.isLanguageCode(ok)).as(ok).isTrue();
    }
    for (String bad :
        List.of(
            "",
            "z",
            "zhon",
            "Zh",
            "zh-",
            "zh-a",
            "zh-123456789",
            "en-a1-b2-c3-d4",
            "zh--cn",
            "zh_CN")) {
      assertThat(Provider.isLanguageCode(bad)).as(bad).isFalse();
    }
    assertThat(Provider.isLanguageCode(null)).isFalse();
    assertThat(Provider.isValidId(null)).isFalse();
  }

  @Test
  void everyBadField_isNamed_inOneError() {
    assertThatThrownBy(
            () ->
                new Provider(
                    "bad id",
                    null,
                    " ",
                    "agency/1",
                    null,
                    -1.0,
                    null,
                    Set.of(),
                    "x".repeat(4001),
                    List.of("EN"),
                    "q".repeat(101),
                    -1,
                    -1,
                    null,
                    null,
                    null))
        .isInstanceOfSatisfying(
            InvalidInputException.class,
            e ->
                assertThat(e.errors())
                    .extracting(FieldError::field)
                    .containsExactly(
                        "id",
                        "kind",
                        "name",
                        "agencyId",
                        "location",
                        "serviceRadiusMeters",
                        "skills",
                        "description",
                        "languages[0]",
                        "qualification",
                        "capacity",
                        "activeCases",
                        "status"));
  }

  @Test
  void skills_areCopiedInOrdinalOrder_andUnmodifiable() {
    EnumSet<Skill> given = EnumSet.of(Skill.HOUSING, Skill.ELDER_CARE);
    Provider p =
        new Provider(
            "p1",
            ProviderKind.WORKER,
            "n",
            null,
            new GeoPoint(22.5, 114),
            1000.0,
            null,
            given,
            null,
            null,
            null,
            1,
            0,
            ProviderStatus.ACTIVE,
            null,
            null);
    given.add(Skill.LEGAL_AID);
    assertThat(p.skills()).containsExactly(Skill.ELDER_CARE, Skill.HOUSING);
    assertThatThrownBy(() -> p.skills().add(Skill.LEGAL_AID))
        .isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void aStatusThatEndsByItself_isNotActive() {
    Provider active =
        new Provider(
            "p1",
            ProviderKind.WORKER,
            "n",
            null,
            new GeoPoint(22.5, 114),
            1000.0,
            null,
            EnumSet.of(Skill.ELDER_CARE),
            null,
            null,
            null,
            1,
            0,
            ProviderStatus.ACTIVE,
            null,
            null);
    org.linli.core.service.ServiceDetails until =
        new org.linli.core.service.ServiceDetails(
            null,
            null,
            null,
            null,
            null,
            null,
            null,
            null,
            "人员调整",
            java.time.LocalDate.of(2027, 3, 1),
            null);
    assertThatThrownBy(() -> active.withDetails(until))
        .isInstanceOf(org.linli.core.error.InvalidInputException.class)
        .hasMessageContaining("statusUntil");
    Provider suspended =
        new Provider(
                active.id(),
                active.kind(),
                active.name(),
                null,
                active.location(),
                1000.0,
                null,
                active.skills(),
                null,
                null,
                null,
                1,
                0,
                ProviderStatus.SUSPENDED,
                null,
                null)
            .withDetails(until);
    assertThat(suspended.details().statusUntil()).isEqualTo(java.time.LocalDate.of(2027, 3, 1));
    assertThat(suspended.withActiveCases(0).details()).isEqualTo(until);
  }
}
