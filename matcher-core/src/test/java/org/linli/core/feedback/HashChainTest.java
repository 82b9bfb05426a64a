package org.linli.core.feedback;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.linli.core.error.InvalidInputException;
import org.linli.core.rating.Dimension;

class HashChainTest {
  static Feedback entry(long seq, String comment) {
    return new Feedback(
        seq,
        "f" + seq,
        "c-" + seq,
        "p1",
        seq % 2 == 0 ? null : "a1",
        4,
        Map.of(
            Dimension.TIMELINESS,
            5,
            Dimension.PROFESSIONALISM,
            4,
            Dimension.ATTITUDE,
            3,
            Dimension.OUTCOME,
            2),
        comment,
        "2026-11-26T10:33:09.120Z");
  }

  static List<HashChain.Link> chain(int n) {
    List<HashChain.Link> out = new ArrayList<>();
    String prev = HashChain.GENESIS;
    for (int i = 1; i <= n; i++) {
      Feedback f = entry(i, "第" + i + "次 \"好\"\n");
      String h = HashChain.hash(prev, f);
      out.add(new HashChain.Link(f, prev, h));
      prev = h;
    }
    return out;
  }

  @Test
  void canonicalForm_isSortedCompactJson_withMinimalEscapes() {
    assertThat(HashChain.canonical(entry(1, "很好 \"准时\"\\\n\u0001".replace("\u0001", "\t"))))
        .isEqualTo(
            "{\"agencyId\":\"a1\",\"caseId\":\"c-1\",\"comment\":\"很好 \\\"准时\\\"\\\\\\n\\t\","
                + "\"createdAt\":\"2026-11-26T10:33:09.120Z\",\"dimensions\":{\"attitude\":3,\"outcome\":2,"
                + "\"professionalism\":4,\"timeliness\":5},\"feedbackId\":\"f1\",\"providerId\":\"p1\",\"rating\":4,"
                + "\"seq\":1}");
    assertThat(HashChain.canonical(entry(2, null)))
        .contains("\"agencyId\":null")
        .contains("\"comment\":null");
  }

  @Test
  void hash_isSha256OfThePreviousHashFollowedByTheCanonicalForm() throws Exception {
    Feedback f = entry(1, "ok");
    byte[] digest =
        MessageDigest.getInstance("SHA-256")
            .digest((HashChain.GENESIS + HashChain.canonical(f)).getBytes(StandardCharsets.UTF_8));
    assertThat(HashChain.hash(HashChain.GENESIS, f))
        .isEqualTo(HexFormat.of().formatHex(digest))
        .hasSize(64);
  }

  @Test
  void verify_acceptsAnIntactChain_andNamesTheFirstBadEntryOfATamperedOne() {
    List<HashChain.Link> good = chain(6);
    HashChain.Verdict ok = HashChain.verify(good.iterator());
    assertThat(ok.valid()).isTrue();
    assertThat(ok.entries()).isEqualTo(6);
    assertThat(ok.head()).isEqualTo(good.get(5).hash());

    List<HashChain.Link> altered = new ArrayList<>(good);
    HashChain.Link third = altered.get(2);
    Feedback f = third.entry();
    altered.set(
        2,
        new HashChain.Link(
            new Feedback(
                f.seq(),
                f.feedbackId(),
                f.caseId(),
                f.providerId(),
                f.agencyId(),
                5,
                f.dimensions(),
                f.comment(),
                f.createdAt()),
            third.prevHash(),
            third.hash()));
    assertThat(HashChain.verify(altered.iterator()))
        .extracting(HashChain.Verdict::valid, HashChain.Verdict::badSeq, HashChain.Verdict::badId)
        .containsExactly(false, 3L, "f3");

    List<HashChain.Link> removed = new ArrayList<>(good);
    removed.remove(3);
    assertThat(HashChain.verify(removed.iterator()).badSeq()).isEqualTo(4);

    List<HashChain.Link> swapped = new ArrayList<>(good);
    swapped.set(1, good.get(4));
    swapped.set(4, good.get(1));
    assertThat(HashChain.verify(swapped.iterator()).badSeq()).isEqualTo(2);
  }

  @Test
  void validate_rejectsOutOfRangeStarsMissingDimensionsAndUnstorableText() {
    assertThatThrownBy(() -> Feedback.validate(6, Map.of(Dimension.TIMELINESS, 0), "\u0000"))
        .isInstanceOfSatisfying(
            InvalidInputException.class,
            e ->
                assertThat(e.errors())
                    .extracting(org.linli.core.error.FieldError::field)
                    .contains("rating", "dimensions.timeliness", "dimensions.outcome", "comment"));
    Map<Dimension, Integer> all = entry(1, null).dimensions();
    assertThatThrownBy(() -> Feedback.validate(3, all, "x".repeat(Feedback.MAX_COMMENT + 1)))
        .isInstanceOf(InvalidInputException.class);
    assertThatThrownBy(() -> Feedback.validate(3, all, "\ud800 lone"))
        .isInstanceOf(InvalidInputException.class);
    Feedback.validate(3, all, "emoji 👍 ok\n第二行");
  }
}
