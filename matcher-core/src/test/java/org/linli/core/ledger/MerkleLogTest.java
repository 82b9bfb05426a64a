package org.linli.core.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class MerkleLogTest {
  private static final HexFormat HEX = HexFormat.of();

  /** The Certificate Transparency test leaves (certificate-transparency, merkle_tree_test). */
  static final String[] CT_LEAVES = {
    "",
    "00",
    "10",
    "2021",
    "3031",
    "40414243",
    "5051525354555657",
    "606162636465666768696a6b6c6d6e6f"
  };

  /** Their roots for the trees of 1 to 8 leaves. */
  static final String[] CT_ROOTS = {
    "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
    "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
    "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
    "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
    "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
    "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
    "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
    "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328"
  };

  @Test
  void rootsAreCertificateTransparencys() {
    MerkleLog log = new MerkleLog();
    assertThat(HEX.formatHex(log.root(0)))
        .isEqualTo("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    for (int i = 0; i < CT_LEAVES.length; i++) {
      log.append(HEX.parseHex(CT_LEAVES[i]));
      assertThat(HEX.formatHex(log.root(i + 1))).as("tree of %d", i + 1).isEqualTo(CT_ROOTS[i]);
    }
  }

  /** The definition, recursively, as an oracle for the cached subtrees. */
  static byte[] mth(List<byte[]> entries) {
    if (entries.isEmpty()) {
      return sha256();
    }
    if (entries.size() == 1) {
      return MerkleLog.leafHash(entries.get(0));
    }
    int k = Integer.highestOneBit(entries.size() - 1);
    return MerkleLog.nodeHash(mth(entries.subList(0, k)), mth(entries.subList(k, entries.size())));
  }

  static byte[] sha256() {
    try {
      return java.security.MessageDigest.getInstance("SHA-256").digest(new byte[0]);
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  static List<byte[]> entries(int n, long seed) {
    Random random = new Random(seed);
    List<byte[]> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      out.add(
          ("{\"seq\":" + i + ",\"x\":" + random.nextInt() + "}").getBytes(StandardCharsets.UTF_8));
    }
    return out;
  }

  @Test
  void everyRoot_equalsTheDefinition() {
    List<byte[]> entries = entries(300, 1);
    MerkleLog log = new MerkleLog();
    for (int n = 1; n <= entries.size(); n++) {
      log.append(entries.get(n - 1));
      assertThat(log.root(n)).as("n=%d", n).isEqualTo(mth(entries.subList(0, n)));
    }
    // Roots of earlier sizes stay what they were.
    for (int n = 1; n <= entries.size(); n += 7) {
      assertThat(log.root(n)).isEqualTo(mth(entries.subList(0, n)));
    }
  }

  @Test
  void everyEntryOfTenThousand_isProvenIn_andATamperedOneIsNot() {
    int n = 10_000;
    List<byte[]> entries = entries(n, 2);
    MerkleLog log = new MerkleLog();
    entries.forEach(log::append);
    byte[] root = log.root(n);
    for (int m = 0; m < n; m++) {
      List<byte[]> proof = log.inclusionProof(m, n);
      assertThat(proof.size()).isLessThanOrEqualTo(14);
      byte[] leaf = MerkleLog.leafHash(entries.get(m));
      assertThat(MerkleLog.verifyInclusion(leaf, m, n, proof, root)).as("entry %d", m).isTrue();
      if (m % 97 == 0) {
        byte[] changed = entries.get(m).clone();
        changed[changed.length - 2] ^= 1;
        assertThat(MerkleLog.verifyInclusion(MerkleLog.leafHash(changed), m, n, proof, root))
            .isFalse();
        assertThat(MerkleLog.verifyInclusion(leaf, (m + 1) % n, n, proof, root)).isFalse();
        if (!proof.isEmpty()) {
          List<byte[]> bent = new ArrayList<>(proof);
          byte[] p = bent.get(0).clone();
          p[0] ^= 1;
          bent.set(0, p);
          assertThat(MerkleLog.verifyInclusion(leaf, m, n, bent, root)).isFalse();
          assertThat(MerkleLog.verifyInclusion(leaf, m, n, proof.subList(1, proof.size()), root))
              .isFalse();
        }
      }
    }
    // A one-entry tree's root is its leaf's hash: it proves nothing about a larger tree.
    MerkleLog one = new MerkleLog();
    one.append(entries.get(0));
    byte[] leaf0 = MerkleLog.leafHash(entries.get(0));
    assertThat(MerkleLog.verifyInclusion(leaf0, 0, 1, List.of(), one.root(1))).isTrue();
    assertThat(MerkleLog.verifyInclusion(leaf0, 0, 2, List.of(), one.root(1))).isFalse();
    // Proofs in earlier trees verify against their roots.
    Random random = new Random(3);
    for (int i = 0; i < 2_000; i++) {
      int size = 1 + random.nextInt(n);
      int m = random.nextInt(size);
      assertThat(
              MerkleLog.verifyInclusion(
                  MerkleLog.leafHash(entries.get(m)),
                  m,
                  size,
                  log.inclusionProof(m, size),
                  log.root(size)))
          .isTrue();
    }
  }

  @Test
  void laterTrees_areProvenToExtendEarlierOnes_andAChangedHistoryIsNot() {
    int n = 2_000;
    List<byte[]> entries = entries(n, 4);
    MerkleLog log = new MerkleLog();
    entries.forEach(log::append);
    Random random = new Random(5);
    for (int i = 0; i < 3_000; i++) {
      int second = 1 + random.nextInt(n);
      int first = 1 + random.nextInt(second);
      List<byte[]> proof = log.consistencyProof(first, second);
      assertThat(
              MerkleLog.verifyConsistency(first, second, log.root(first), log.root(second), proof))
          .as("%d -> %d", first, second)
          .isTrue();
      if (first < second) {
        // A history where one of the first entries was changed (or the two swapped) gives another
        // earlier root, which the proof does not connect to the later head.
        List<byte[]> other = new ArrayList<>(entries.subList(0, first));
        int at = random.nextInt(first);
        byte[] changed = other.get(at).clone();
        changed[0] ^= 1;
        other.set(at, changed);
        assertThat(MerkleLog.verifyConsistency(first, second, mth(other), log.root(second), proof))
            .isFalse();
        assertThat(
                MerkleLog.verifyConsistency(
                    first, second, log.root(first), log.root(second), List.of()))
            .isFalse();
      }
    }
  }

  @Test
  void deletedInsertedOrReorderedEntries_changeTheRoot() {
    List<byte[]> entries = entries(64, 6);
    byte[] root = mth(entries);
    List<byte[]> deleted = new ArrayList<>(entries);
    deleted.remove(10);
    List<byte[]> inserted = new ArrayList<>(entries);
    inserted.add(20, "{}".getBytes(StandardCharsets.UTF_8));
    List<byte[]> swapped = new ArrayList<>(entries);
    java.util.Collections.swap(swapped, 3, 4);
    for (List<byte[]> other : List.of(deleted, inserted, swapped)) {
      MerkleLog log = new MerkleLog();
      other.forEach(log::append);
      assertThat(Arrays.equals(log.root(log.size()), root)).isFalse();
    }
  }
}
