package org.linli.core.agency;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class CreditCodeTest {
  /** Codes published by the organisations themselves (their business licences). */
  static final List<String> REAL =
      List.of(
          "9144030071526726XG", // 深圳市腾讯计算机系统有限公司
          "914403001922038216", // 华为技术有限公司
          "91110000802100433B", // 中国石油化工股份有限公司
          "91330100716105852F", // 阿里巴巴（中国）有限公司
          "91350100M000100Y43"); // the standard's own example

  @Test
  void realCodes_areValid() {
    REAL.forEach(c -> assertThat(CreditCode.problem(c)).as(c).isNull());
  }

  @Test
  void everySingleCharacterCorruption_ofEveryRealCode_isRefused() {
    int tried = 0;
    for (String code : REAL) {
      for (int i = 0; i < 18; i++) {
        for (char c : (CreditCode.ALPHABET + "IOSVZa-").toCharArray()) {
          if (c == code.charAt(i)) {
            continue;
          }
          String bad = code.substring(0, i) + c + code.substring(i + 1);
          assertThat(CreditCode.isValid(bad)).as(bad).isFalse();
          tried++;
        }
      }
    }
    assertThat(tried).isEqualTo(5 * 18 * (31 + 7 - 1));
  }

  @Test
  void theMessage_namesTheCheckCharacterExpected() {
    assertThat(CreditCode.problem("91350100M000100Y4X")).contains("the 18th must be 3, not X");
    assertThat(CreditCode.problem("91350100M000100Y4")).contains("got 17 characters");
    assertThat(CreditCode.problem("91350100M00O100Y43")).contains("character 12 \"O\"");
  }

  /** A code made with its computed check character is valid; any other 18th character is not. */
  @Property(tries = 500)
  void computedCheckCharacters_validate(
      @ForAll("first17") String first17, @ForAll @IntRange(max = 30) int other) {
    char check = CreditCode.checkCharacter(first17);
    assertThat(CreditCode.isValid(first17 + check)).isTrue();
    char wrong = CreditCode.ALPHABET.charAt(other);
    assertThat(CreditCode.isValid(first17 + wrong)).isEqualTo(wrong == check);
  }

  @net.jqwik.api.Provide
  net.jqwik.api.Arbitrary<String> first17() {
    return net.jqwik.api.Arbitraries.strings()
        .withChars(CreditCode.ALPHABET.toCharArray())
        .ofLength(17);
  }
}
