package org.linli.core.ledger;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import org.linli.core.error.InvalidInputException;
import org.linli.core.feedback.HashChain;
import org.linli.core.feedback.Ledger;

/**
 * The public check of the ledger: a {@link MerkleLog} over its entries, each leaf the entry's
 * canonical form ({@link HashChain#canonical}), so that anyone holding an entry can check that it
 * is in the ledger from its proof and the head, and that a later head extends an earlier one. Kept
 * in step with the ledger before each answer (entries written through any member are read from the
 * store). Thread-safe.
 */
public final class LedgerProofs {
  private static final HexFormat HEX = HexFormat.of();

  private final Ledger ledger;
  private final MerkleLog log = new MerkleLog();

  public LedgerProofs(Ledger ledger) {
    this.ledger = ledger;
  }

  /** The tree head: how many entries and their root. */
  public record Head(int size, String root) {}

  /** Entry {@code seq}'s proof in the tree of {@code size} entries, whose root is {@code root}. */
  public record Inclusion(long seq, int size, String leafHash, List<String> path, String root) {}

  /** The proof that the tree of {@code to} entries extends the tree of {@code from}. */
  public record Consistency(int from, int to, String fromRoot, String toRoot, List<String> proof) {}

  /** The current head. */
  public synchronized Head head() {
    catchUp();
    return new Head(log.size(), HEX.formatHex(log.root(log.size())));
  }

  /** Entry {@code seq} (1 is the first) in the tree of {@code size} entries (0: the current). */
  public synchronized Inclusion inclusion(long seq, int size) {
    catchUp();
    int n = size == 0 ? log.size() : size;
    if (n < 1 || n > log.size()) {
      throw new InvalidInputException(
          "size", "size " + n + " outside [1, " + log.size() + "], the ledger's entries");
    }
    if (seq < 1 || seq > n) {
      throw new InvalidInputException("seq", "entry " + seq + " is not in a tree of " + n);
    }
    int m = (int) (seq - 1);
    return new Inclusion(
        seq,
        n,
        HEX.formatHex(log.leafHashAt(m)),
        log.inclusionProof(m, n).stream().map(HEX::formatHex).toList(),
        HEX.formatHex(log.root(n)));
  }

  /**
   * The consistency proof from the tree of {@code from} entries to that of {@code to} (0: the
   * current).
   */
  public synchronized Consistency consistency(int from, int to) {
    catchUp();
    int n = to == 0 ? log.size() : to;
    if (from < 1 || from > n || n > log.size()) {
      throw new InvalidInputException(
          "from", "give 1 ≤ from ≤ to ≤ " + log.size() + ", the ledger's entries");
    }
    return new Consistency(
        from,
        n,
        HEX.formatHex(log.root(from)),
        HEX.formatHex(log.root(n)),
        log.consistencyProof(from, n).stream().map(HEX::formatHex).toList());
  }

  /** Appends what the ledger holds beyond the log. Positions are contiguous from 1. */
  private void catchUp() {
    ledger.exportAfter(
        log.size(),
        link -> {
          if (link.entry().seq() != log.size() + 1L) {
            throw new IllegalStateException(
                "ledger entry " + link.entry().seq() + " follows " + log.size() + ": a gap");
          }
          log.append(HashChain.canonical(link.entry()).getBytes(StandardCharsets.UTF_8));
        });
  }
}
