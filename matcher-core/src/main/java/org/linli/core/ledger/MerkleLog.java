package org.linli.core.ledger;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A Merkle tree over a log's entries, as Certificate Transparency builds it (RFC 9162, section
 * 2.1): a leaf's hash is {@code SHA-256(0x00 ‖ entry)}, a node's {@code SHA-256(0x01 ‖ left ‖
 * right)}, and the tree of n leaves splits at the largest power of two below n. Anyone holding the
 * tree head (its size and root) can check that an entry is in the log from an inclusion proof of
 * about log₂ n hashes, and that a later head extends an earlier one from a consistency proof,
 * without the rest of the log. The static {@code verify…} methods are the checks, written from the
 * RFC's verification algorithms and independent of how the proofs are made.
 *
 * <p>Appending keeps every complete, aligned subtree's hash (2n hashes in all), so that a root or a
 * proof costs O(log² n) hashes. Not thread-safe: guard appends and reads together.
 */
public final class MerkleLog {
  private static final byte LEAF = 0;
  private static final byte NODE = 1;

  /** {@code levels.get(h).get(i)}: the hash of leaves {@code [i·2^h, (i+1)·2^h)}. */
  private final List<List<byte[]>> levels = new ArrayList<>();

  public MerkleLog() {
    levels.add(new ArrayList<>());
  }

  /** How many entries the log holds. */
  public int size() {
    return levels.get(0).size();
  }

  /** The leaf hash of entry {@code m}. */
  public byte[] leafHashAt(int m) {
    return levels.get(0).get(m);
  }

  /** Appends an entry (its canonical bytes); returns its index. */
  public int append(byte[] entry) {
    byte[] hash = leafHash(entry);
    int index = size();
    levels.get(0).add(hash);
    // Every subtree this leaf completes gets its hash now.
    int h = 0;
    int i = index;
    while ((i & 1) == 1) {
      List<byte[]> level = levels.get(h);
      byte[] parent = nodeHash(level.get(i - 1), level.get(i));
      if (levels.size() == h + 1) {
        levels.add(new ArrayList<>());
      }
      levels.get(h + 1).add(parent);
      h++;
      i >>= 1;
    }
    return index;
  }

  /** The root of the tree of the first {@code n} entries (RFC 9162 MTH), 0 ≤ n ≤ size. */
  public byte[] root(int n) {
    if (n < 0 || n > size()) {
      throw new IllegalArgumentException("a tree of " + n + " entries, the log holds " + size());
    }
    return n == 0 ? sha256(new byte[0]) : hash(0, n);
  }

  /**
   * The hash of leaves {@code [start, start + n)}, where start is a multiple of a power of two ≥ n.
   */
  private byte[] hash(int start, int n) {
    if (Integer.bitCount(n) == 1) {
      int h = Integer.numberOfTrailingZeros(n);
      return levels.get(h).get(start >> h);
    }
    int k = Integer.highestOneBit(n - 1);
    return nodeHash(hash(start, k), hash(start + k, n - k));
  }

  /** The inclusion proof of entry {@code m} in the tree of the first {@code n} entries. */
  public List<byte[]> inclusionProof(int m, int n) {
    if (n > size() || m < 0 || m >= n) {
      throw new IllegalArgumentException("entry " + m + " is not in a tree of " + n);
    }
    List<byte[]> path = new ArrayList<>();
    path(m, 0, n, path);
    return path;
  }

  /** RFC 9162 PATH(m, D[start : start+n]), siblings from the leaf up. */
  private void path(int m, int start, int n, List<byte[]> out) {
    if (n == 1) {
      return;
    }
    int k = Integer.highestOneBit(n - 1);
    if (m < k) {
      path(m, start, k, out);
      out.add(hash(start + k, n - k));
    } else {
      path(m - k, start + k, n - k, out);
      out.add(hash(start, k));
    }
  }

  /** The consistency proof between the trees of the first {@code m} and first {@code n} entries. */
  public List<byte[]> consistencyProof(int m, int n) {
    if (m < 1 || m > n || n > size()) {
      throw new IllegalArgumentException("no consistency proof from " + m + " to " + n);
    }
    List<byte[]> proof = new ArrayList<>();
    if (m < n) {
      subproof(m, 0, n, true, proof);
    }
    return proof;
  }

  /** RFC 9162 SUBPROOF(m, D[start : start+n], b). */
  private void subproof(int m, int start, int n, boolean complete, List<byte[]> out) {
    if (m == n) {
      if (!complete) {
        out.add(hash(start, n));
      }
      return;
    }
    int k = Integer.highestOneBit(n - 1);
    if (m <= k) {
      subproof(m, start, k, complete, out);
      out.add(hash(start + k, n - k));
    } else {
      subproof(m - k, start + k, n - k, false, out);
      out.add(hash(start, k));
    }
  }

  /**
   * Whether {@code proof} shows that the entry with hash {@code leafHash} is entry {@code m} of the
   * tree of {@code n} entries whose root is {@code root} (RFC 9162, 2.1.3.2).
   */
  public static boolean verifyInclusion(
      byte[] leafHash, int m, int n, List<byte[]> proof, byte[] root) {
    if (m < 0 || m >= n) {
      return false;
    }
    long fn = m;
    long sn = n - 1L;
    byte[] r = leafHash;
    for (byte[] p : proof) {
      if (sn == 0) {
        return false;
      }
      if ((fn & 1) == 1 || fn == sn) {
        r = nodeHash(p, r);
        if ((fn & 1) == 0) {
          while ((fn & 1) == 0 && fn != 0) {
            fn >>= 1;
            sn >>= 1;
          }
        }
      } else {
        r = nodeHash(r, p);
      }
      fn >>= 1;
      sn >>= 1;
    }
    return sn == 0 && Arrays.equals(r, root);
  }

  /**
   * Whether {@code proof} shows that the tree of {@code n} entries with root {@code second} extends
   * the tree of {@code m} entries with root {@code first} (RFC 9162, 2.1.4.2).
   */
  public static boolean verifyConsistency(
      int m, int n, byte[] first, byte[] second, List<byte[]> proof) {
    if (m < 1 || m > n) {
      return false;
    }
    if (m == n) {
      return proof.isEmpty() && Arrays.equals(first, second);
    }
    if (proof.isEmpty()) {
      return false;
    }
    List<byte[]> path = new ArrayList<>(proof);
    if (Integer.bitCount(m) == 1) {
      path.add(0, first); // m a power of two: the first tree is a complete subtree
    }
    long fn = m - 1L;
    long sn = n - 1L;
    while ((fn & 1) == 1) {
      fn >>= 1;
      sn >>= 1;
    }
    byte[] fr = path.get(0);
    byte[] sr = path.get(0);
    for (byte[] c : path.subList(1, path.size())) {
      if (sn == 0) {
        return false;
      }
      if ((fn & 1) == 1 || fn == sn) {
        fr = nodeHash(c, fr);
        sr = nodeHash(c, sr);
        while ((fn & 1) == 0 && fn != 0) {
          fn >>= 1;
          sn >>= 1;
        }
      } else {
        sr = nodeHash(sr, c);
      }
      fn >>= 1;
      sn >>= 1;
    }
    return sn == 0 && Arrays.equals(fr, first) && Arrays.equals(sr, second);
  }

  /** {@code SHA-256(0x00 ‖ entry)}. */
  public static byte[] leafHash(byte[] entry) {
    MessageDigest d = digest();
    d.update(LEAF);
    d.update(entry);
    return d.digest();
  }

  static byte[] nodeHash(byte[] left, byte[] right) {
    MessageDigest d = digest();
    d.update(NODE);
    d.update(left);
    d.update(right);
    return d.digest();
  }

  private static byte[] sha256(byte[] bytes) {
    return digest().digest(bytes);
  }

  private static MessageDigest digest() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java has SHA-256", e);
    }
  }
}
