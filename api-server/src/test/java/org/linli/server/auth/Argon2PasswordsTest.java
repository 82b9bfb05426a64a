package org.linli.server.auth;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class Argon2PasswordsTest {
  final Argon2Passwords passwords = new Argon2Passwords();

  @Test
  void aHashOfTheReferenceImplementation_isRead() {
    // argon2 (the reference C implementation): echo -n password | argon2 somesalt -id -t 2 -k 65536
    // -p 1
    String reference =
        "$argon2id$v=19$m=65536,t=2,p=1$c29tZXNhbHQ$CTFhFdXPJO1aFaMaO6Mm5c8y7cJHAph8ArZWb2GRPPc";
    assertThat(passwords.matches("password", reference)).isTrue();
    assertThat(passwords.matches("Password", reference)).isFalse();
  }

  @Test
  void newHashes_areSaltedArgon2id_andCheckOnlyTheirPassword() {
    String a = passwords.hash("a long sentence 2026");
    String b = passwords.hash("a long sentence 2026");
    assertThat(a).startsWith("$argon2id$v=19$m=19456,t=2,p=1$").isNotEqualTo(b);
    assertThat(passwords.matches("a long sentence 2026", a)).isTrue();
    assertThat(passwords.matches("a long sentence 2026", b)).isTrue();
    assertThat(passwords.matches("a long sentence 2027", a)).isFalse();
  }

  @Test
  void malformedOrAbsurdHashes_matchNothing() {
    for (String bad :
        new String[] {
          "",
          "plain",
          "$argon2i$v=19$m=65536,t=2,p=1$c29tZXNhbHQ$CTFhFdXPJO1aFaMaO6Mm5c8y7cJHAph8ArZWb2GRPPc",
          "$argon2id$v=19$m=9999999,t=2,p=1$c29tZXNhbHQ$CTFhFdXPJO1aFaMaO6Mm5c8y7cJHAph8ArZWb2GRPPc",
          "$argon2id$v=19$m=65536,t=0,p=1$c29tZXNhbHQ$CTFhFdXPJO1aFaMaO6Mm5c8y7cJHAph8ArZWb2GRPPc"
        }) {
      assertThat(passwords.matches("password", bad)).as(bad).isFalse();
    }
  }
}
