package org.linli.core.feedback;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Iterator;
import org.linli.core.Nullable;
import org.linli.core.rating.Dimension;

/**
 * The feedback ledger's hash chain. Entry {@code n}'s hash is {@code
 * lowercase_hex(SHA-256(UTF-8(prevHash + canonical(entry))))}, where {@code prevHash} is entry
 * {@code n-1}'s hash ({@link #GENESIS} for the first) and the canonical form is the entry as JSON
 * in RFC 8785 (JCS) form: members sorted by name, no whitespace, strings escaped minimally ({@code
 * \"}, {@code \\}, {@code \b \f \n \r \t}, other control characters as backslash-u and four
 * lower-case hex digits; everything else as UTF-8), integers in decimal, and {@code null} for an
 * absent agency or comment:
 *
 * <pre>{"agencyId":…,"caseId":…,"comment":…,"createdAt":…,"dimensions":{"attitude":…,"outcome":…,
 * "professionalism":…,"timeliness":…},"feedbackId":…,"providerId":…,"rating":…,"seq":…}</pre>
 *
 * So anyone holding an export can recompute every hash and the head; changing, removing or
 * reordering an entry breaks the chain at that entry. Thread-safe (stateless).
 */
public final class HashChain {
  /** The hash before the first entry: 64 zeros. */
  public static final String GENESIS = "0".repeat(64);

  private HashChain() {}

  /** An entry as stored: its content, the hash it claims to follow, and its own hash. */
  public record Link(Feedback entry, String prevHash, String hash) {}

  /**
   * The outcome of checking a chain.
   *
   * @param valid whether every entry checked out
   * @param entries how many entries were read
   * @param head the last good hash (the head when valid)
   * @param badSeq the position of the first bad entry, or 0
   * @param badId its feedback id, or null
   * @param reason why it is bad, or null
   */
  public record Verdict(
      boolean valid,
      long entries,
      @Nullable String head,
      long badSeq,
      @Nullable String badId,
      @Nullable String reason) {}

  /** The hash of {@code entry} following {@code prevHash}. */
  public static String hash(String prevHash, Feedback entry) {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      sha.update(prevHash.getBytes(StandardCharsets.UTF_8));
      sha.update(canonical(entry).getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(sha.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JDK", e);
    }
  }

  /** The canonical form described above. */
  public static String canonical(Feedback f) {
    StringBuilder b = new StringBuilder(256);
    b.append("{\"agencyId\":");
    string(b, f.agencyId());
    b.append(",\"caseId\":");
    string(b, f.caseId());
    b.append(",\"comment\":");
    string(b, f.comment());
    b.append(",\"createdAt\":");
    string(b, f.createdAt());
    b.append(",\"dimensions\":{\"attitude\":")
        .append(f.dimensions().get(Dimension.ATTITUDE))
        .append(",\"outcome\":")
        .append(f.dimensions().get(Dimension.OUTCOME))
        .append(",\"professionalism\":")
        .append(f.dimensions().get(Dimension.PROFESSIONALISM))
        .append(",\"timeliness\":")
        .append(f.dimensions().get(Dimension.TIMELINESS))
        .append('}');
    b.append(",\"feedbackId\":");
    string(b, f.feedbackId());
    b.append(",\"providerId\":");
    string(b, f.providerId());
    b.append(",\"rating\":").append(f.rating());
    b.append(",\"seq\":").append(f.seq()).append('}');
    return b.toString();
  }

  private static void string(StringBuilder b, String s) {
    if (s == null) {
      b.append("null");
      return;
    }
    b.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> b.append("\\\"");
        case '\\' -> b.append("\\\\");
        case '\b' -> b.append("\\b");
        case '\f' -> b.append("\\f");
        case '\n' -> b.append("\\n");
        case '\r' -> b.append("\\r");
        case '\t' -> b.append("\\t");
        default -> {
          if (c < 0x20) {
            b.append(String.format("\\u%04x", (int) c));
          } else {
            b.append(c);
          }
        }
      }
    }
    b.append('"');
  }

  /**
   * Checks links in ledger order: positions run 1, 2, 3… without a gap, each link follows the
   * previous hash, and each hash matches its content. Stops at the first bad link.
   */
  public static Verdict verify(Iterator<Link> links) {
    String head = GENESIS;
    long n = 0;
    while (links.hasNext()) {
      Link l = links.next();
      n++;
      Feedback f = l.entry();
      if (f.seq() != n) {
        return new Verdict(
            false,
            n,
            head,
            n,
            f.feedbackId(),
            "expected entry "
                + n
                + " here, found entry "
                + f.seq()
                + ": an entry is missing or out of order");
      }
      if (!head.equals(l.prevHash())) {
        return new Verdict(
            false, n, head, n, f.feedbackId(), "its prevHash is not the hash of entry " + (n - 1));
      }
      if (!hash(head, f).equals(l.hash())) {
        return new Verdict(
            false, n, head, n, f.feedbackId(), "its hash does not match its content");
      }
      head = l.hash();
    }
    return new Verdict(true, n, head, 0, null, null);
  }
}
