package org.linli.core.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.linli.core.error.InvalidInputException;
import org.linli.core.feedback.HashChain;
import org.linli.core.feedback.Ledger;
import org.linli.core.memory.InMemoryLedger;
import org.linli.core.rating.Dimension;

class LedgerProofsTest {
  private static final HexFormat HEX = HexFormat.of();

  static Ledger.Draft draft(int i) {
    Map<Dimension, Integer> dims = new EnumMap<>(Dimension.class);
    for (Dimension d : Dimension.values()) {
      dims.put(d, 1 + i % 5);
    }
    return new Ledger.Draft(
        "c-" + i, "p-" + i % 7, "a-1", 1 + i % 5, dims, i % 3 == 0 ? null : "好");
  }

  @Test
  void everyEntryIsProvenIn_byItsCanonicalForm_asTheLedgerGrows() {
    InMemoryLedger ledger =
        new InMemoryLedger(Clock.fixed(Instant.parse("2026-12-08T04:00:00Z"), ZoneOffset.UTC));
    LedgerProofs proofs = new LedgerProofs(ledger);
    List<HashChain.Link> links = new ArrayList<>();
    LedgerProofs.Head earlier = null;
    for (int i = 0; i < 300; i++) {
      links.add(ledger.append(draft(i)));
      if (i == 99) {
        earlier = proofs.head();
        assertThat(earlier.size()).isEqualTo(100);
      }
    }
    LedgerProofs.Head head = proofs.head();
    assertThat(head.size()).isEqualTo(300);
    for (HashChain.Link l : links) {
      LedgerProofs.Inclusion p = proofs.inclusion(l.entry().seq(), 0);
      byte[] leaf =
          MerkleLog.leafHash(HashChain.canonical(l.entry()).getBytes(StandardCharsets.UTF_8));
      assertThat(p.leafHash()).isEqualTo(HEX.formatHex(leaf));
      assertThat(
              MerkleLog.verifyInclusion(
                  leaf,
                  (int) l.entry().seq() - 1,
                  p.size(),
                  p.path().stream().map(HEX::parseHex).toList(),
                  HEX.parseHex(head.root())))
          .isTrue();
    }
    LedgerProofs.Consistency c = proofs.consistency(100, 0);
    assertThat(c.fromRoot()).isEqualTo(earlier.root());
    assertThat(
            MerkleLog.verifyConsistency(
                100,
                300,
                HEX.parseHex(earlier.root()),
                HEX.parseHex(head.root()),
                c.proof().stream().map(HEX::parseHex).toList()))
        .isTrue();
    assertThatThrownBy(() -> proofs.inclusion(301, 0)).isInstanceOf(InvalidInputException.class);
    assertThatThrownBy(() -> proofs.consistency(0, 0)).isInstanceOf(InvalidInputException.class);
  }
}
