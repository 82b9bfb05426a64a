package org.linli.server.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class FieldCipherTest {
  static byte[] key(int fill) {
    byte[] k = new byte[32];
    Arrays.fill(k, (byte) fill);
    return k;
  }

  final FieldCipher cipher = new FieldCipher(key(7));

  @Test
  void aValue_isSealedUnreadably_andOpensOnlyWhereItWasSealed() {
    String sealed = cipher.seal("13812345678", "cases/c-1/contactPhone");
    assertThat(sealed).startsWith(FieldCipher.PREFIX).doesNotContain("1381234");
    assertThat(cipher.seal("13812345678", "cases/c-1/contactPhone"))
        .as("a fresh nonce each time")
        .isNotEqualTo(sealed);
    assertThat(cipher.open(sealed, "cases/c-1/contactPhone")).isEqualTo("13812345678");
    assertThatThrownBy(() -> cipher.open(sealed, "cases/c-2/contactPhone"))
        .as("copied to another case")
        .hasMessageContaining("cannot be decrypted");
    assertThatThrownBy(() -> new FieldCipher(key(8)).open(sealed, "cases/c-1/contactPhone"))
        .as("another key")
        .hasMessageContaining("LINLI_DATA_KEY");
  }

  @Test
  void valuesWrittenBeforeEncryption_readAsTheyAre_andNullStaysNull() {
    assertThat(cipher.open("13812345678", "cases/c-1/contactPhone")).isEqualTo("13812345678");
    assertThat(cipher.seal(null, "x")).isNull();
    assertThat(cipher.open(null, "x")).isNull();
    assertThat(cipher.open(cipher.seal("", "x"), "x")).isEmpty();
    String chinese = "陪同老人去医院复诊，周三上午，家住福田区园岭街道";
    assertThat(cipher.open(cipher.seal(chinese, "x"), "x")).isEqualTo(chinese);
  }

  @Test
  void theLookupHash_isStablePerKey_andNotThePlainValue() {
    String h = cipher.lookupHash("13812345678");
    assertThat(h).hasSize(64).isEqualTo(cipher.lookupHash("13812345678"));
    assertThat(h).isNotEqualTo(cipher.lookupHash("13812345679"));
    assertThat(h).isNotEqualTo(new FieldCipher(key(8)).lookupHash("13812345678"));
    assertThatThrownBy(() -> new FieldCipher(new byte[16]))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
