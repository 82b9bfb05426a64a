package org.linli.server.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.params.Argon2Parameters;
import org.linli.core.accounts.PasswordHasher;

/**
 * Passwords as Argon2id hashes (RFC 9106, Bouncy Castle), in the PHC string format every Argon2
 * library reads: {@code $argon2id$v=19$m=19456,t=2,p=1$<salt>$<hash>}. New hashes use OWASP's
 * recommended minimum (19 MiB, 2 passes, 1 lane) with a 16-byte random salt; a stored hash is
 * checked with the parameters it names, so that they can be raised later. Thread-safe.
 */
public final class Argon2Passwords implements PasswordHasher {
  private static final Pattern PHC =
      Pattern.compile(
          "\\$argon2id\\$v=19\\$m=([0-9]{1,7}),t=([0-9]{1,3}),p=([0-9]{1,2})"
              + "\\$([A-Za-z0-9+/]{11,64})\\$([A-Za-z0-9+/]{16,128})");
  private static final Base64.Encoder B64 = Base64.getEncoder().withoutPadding();

  /** Memory in KiB, passes and lanes of new hashes. */
  private final int memoryKib;

  private final int passes;
  private final int lanes;
  private final SecureRandom random = new SecureRandom();

  /** OWASP's recommended minimum: 19 MiB, 2 passes, 1 lane. */
  public Argon2Passwords() {
    this(19 * 1024, 2, 1);
  }

  public Argon2Passwords(int memoryKib, int passes, int lanes) {
    this.memoryKib = memoryKib;
    this.passes = passes;
    this.lanes = lanes;
  }

  @Override
  public String hash(String password) {
    byte[] salt = new byte[16];
    random.nextBytes(salt);
    byte[] out = derive(password, salt, memoryKib, passes, lanes, 32);
    return "$argon2id$v=19$m="
        + memoryKib
        + ",t="
        + passes
        + ",p="
        + lanes
        + "$"
        + B64.encodeToString(salt)
        + "$"
        + B64.encodeToString(out);
  }

  @Override
  public boolean matches(String password, String stored) {
    Matcher m = PHC.matcher(stored == null ? "" : stored);
    if (!m.matches()) {
      return false;
    }
    int memory = Integer.parseInt(m.group(1));
    int t = Integer.parseInt(m.group(2));
    int p = Integer.parseInt(m.group(3));
    if (memory < 8 * p || memory > 4 * 1024 * 1024 || t < 1 || p < 1) {
      return false;
    }
    byte[] salt = Base64.getDecoder().decode(m.group(4));
    byte[] expected = Base64.getDecoder().decode(m.group(5));
    byte[] actual = derive(password, salt, memory, t, p, expected.length);
    return MessageDigest.isEqual(expected, actual);
  }

  private static byte[] derive(
      String password, byte[] salt, int memoryKib, int passes, int lanes, int length) {
    Argon2BytesGenerator g = new Argon2BytesGenerator();
    g.init(
        new Argon2Parameters.Builder(Argon2Parameters.ARGON2_id)
            .withVersion(Argon2Parameters.ARGON2_VERSION_13)
            .withSalt(salt)
            .withMemoryAsKB(memoryKib)
            .withIterations(passes)
            .withParallelism(lanes)
            .build());
    byte[] out = new byte[length];
    g.generateBytes(password.getBytes(StandardCharsets.UTF_8), out);
    return out;
  }
}
