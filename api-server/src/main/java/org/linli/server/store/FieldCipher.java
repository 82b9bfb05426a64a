package org.linli.server.store;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Personal data at rest: AES-256-GCM encryption of single values, bound to where they are kept (the
 * associated data names the table, the document and the field, so a value copied to another row
 * does not decrypt there), and a keyed hash for looking values up without storing them in clear.
 * Both keys derive from one 32-byte data key (HMAC-SHA256 of fixed labels), which the operator
 * provides ({@code LINLI_DATA_KEY}) or the data directory holds. A sealed value reads {@code
 * enc1:<base64url(nonce ‖ ciphertext ‖ tag)>}; {@link #open} returns a value without that prefix as
 * it is (written before encryption at rest), so old rows keep reading and are sealed when next
 * written. Thread-safe.
 */
public final class FieldCipher {
  static final String PREFIX = "enc1:";
  private static final int NONCE_BYTES = 12;
  private static final int TAG_BITS = 128;

  private final SecretKeySpec encryptionKey;
  private final SecretKeySpec lookupKey;
  private final SecureRandom random = new SecureRandom();

  /**
   * @param dataKey 32 bytes
   */
  public FieldCipher(byte[] dataKey) {
    if (dataKey.length != 32) {
      throw new IllegalArgumentException("the data key must be 32 bytes, not " + dataKey.length);
    }
    this.encryptionKey = new SecretKeySpec(derive(dataKey, "linli encryption v1"), "AES");
    this.lookupKey = new SecretKeySpec(derive(dataKey, "linli lookup v1"), "HmacSHA256");
  }

  /** {@code value} sealed for field {@code where} ({@code table/id/field}); null stays null. */
  public String seal(String value, String where) {
    if (value == null) {
      return null;
    }
    try {
      byte[] nonce = new byte[NONCE_BYTES];
      random.nextBytes(nonce);
      Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
      c.init(Cipher.ENCRYPT_MODE, encryptionKey, new GCMParameterSpec(TAG_BITS, nonce));
      c.updateAAD(where.getBytes(StandardCharsets.UTF_8));
      byte[] sealed = c.doFinal(value.getBytes(StandardCharsets.UTF_8));
      return PREFIX
          + Base64.getUrlEncoder()
              .withoutPadding()
              .encodeToString(
                  ByteBuffer.allocate(nonce.length + sealed.length).put(nonce).put(sealed).array());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-GCM is not available in this JVM", e);
    }
  }

  /**
   * The value {@link #seal} sealed for {@code where}; a value that was never sealed as it is; null
   * stays null.
   *
   * @throws IllegalStateException when it was sealed with another key or for another place
   */
  public String open(String value, String where) {
    if (value == null || !value.startsWith(PREFIX)) {
      return value;
    }
    try {
      byte[] all = Base64.getUrlDecoder().decode(value.substring(PREFIX.length()));
      Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
      c.init(
          Cipher.DECRYPT_MODE, encryptionKey, new GCMParameterSpec(TAG_BITS, all, 0, NONCE_BYTES));
      c.updateAAD(where.getBytes(StandardCharsets.UTF_8));
      byte[] plain = c.doFinal(all, NONCE_BYTES, all.length - NONCE_BYTES);
      return new String(plain, StandardCharsets.UTF_8);
    } catch (GeneralSecurityException | IllegalArgumentException e) {
      throw new IllegalStateException(
          "a value of "
              + where
              + " cannot be decrypted: it was sealed with another data key (is LINLI_DATA_KEY the"
              + " one this database was written with?)",
          e);
    }
  }

  /**
   * A keyed hash of {@code value} (hex HMAC-SHA256), to find a record by a value kept only sealed.
   */
  public String lookupHash(String value) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(lookupKey);
      return HexFormat.of().formatHex(mac.doFinal(value.getBytes(StandardCharsets.UTF_8)));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HMAC-SHA256 is not available in this JVM", e);
    }
  }

  /** The file of the data directory that keeps a generated data key. */
  public static final String KEY_FILE = "data.key";

  /**
   * The cipher of {@code config}'s data key: {@code LINLI_DATA_KEY} when given, else the key kept
   * in the data directory ({@value #KEY_FILE}), made (32 random bytes, owner-only) on first use.
   */
  public static FieldCipher of(org.linli.server.config.ServerConfig config) {
    byte[] key = config.security().dataKeyBytes();
    if (key == null) {
      key =
          Base64.getUrlDecoder()
              .decode(
                  org.linli.server.config.SecretFile.readOrCreate(
                      config.dataDir().resolve(KEY_FILE), 32));
    }
    return new FieldCipher(key);
  }

  private static byte[] derive(byte[] key, String label) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      return mac.doFinal(label.getBytes(StandardCharsets.UTF_8));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HMAC-SHA256 is not available in this JVM", e);
    }
  }
}
