package org.linli.server.json;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.linli.core.match.Explanation;
import org.linli.core.match.Match;
import org.linli.core.match.MatchResult;
import org.linli.core.provider.ProviderKind;
import org.linli.core.rating.Dimension;
import org.linli.core.rating.Rating;

/**
 * The match response, written straight to bytes: every field of the contract, with its JSON type.
 */
class MatchJsonTest {
  @Test
  void render_writesEveryFieldOfEachMatch_andTheTotals() {
    Map<Dimension, Double> dims = new EnumMap<>(Dimension.class);
    for (Dimension d : Dimension.values()) {
      dims.put(d, 3.5 + d.ordinal() * 0.25);
    }
    Rating rated = new Rating(4.25, 12, 4.0625, dims);
    Rating unrated = new Rating(null, 0, 3.8, Map.of());
    MatchResult result =
        new MatchResult(
            List.of(
                new Match("w-1", ProviderKind.WORKER, "王芳 \"社工\"", 812.5, 0.0, unrated, null),
                new Match(
                    "a-2",
                    ProviderKind.AGENCY,
                    "福田社工中心",
                    1234.0625,
                    0.71,
                    rated,
                    new Explanation(0.3, 0.2, 0.15, 0.06))),
            57,
            true);

    JsonNode o = Json.parse(MatchJson.render(result).getBytes());

    assertThat(o.get("total").isInt()).isTrue();
    assertThat(o.get("total").asInt()).isEqualTo(57);
    assertThat(o.get("totalCapped").isBoolean() && o.get("totalCapped").asBoolean()).isTrue();
    JsonNode first = o.get("matches").get(0);
    assertThat(first.get("providerId").asText()).isEqualTo("w-1");
    assertThat(first.get("kind").asText()).isEqualTo("WORKER");
    assertThat(first.get("name").asText()).isEqualTo("王芳 \"社工\"");
    assertThat(first.get("distanceMeters").asDouble()).isEqualTo(812.5);
    assertThat(first.get("score").isNumber()).isTrue();
    assertThat(first.get("rating").get("average").isNull()).isTrue();
    assertThat(first.get("rating").get("count").asLong()).isZero();
    assertThat(first.get("rating").get("score").asDouble()).isEqualTo(3.8);
    assertThat(first.get("rating").has("dimensions")).isFalse();
    assertThat(first.has("explanation")).isFalse();
    JsonNode second = o.get("matches").get(1);
    assertThat(second.get("distanceMeters").asDouble()).isEqualTo(1234.0625);
    assertThat(second.get("score").asDouble()).isEqualTo(0.71);
    assertThat(second.get("rating").get("average").asDouble()).isEqualTo(4.25);
    assertThat(second.get("rating").get("count").asLong()).isEqualTo(12);
    for (Dimension d : Dimension.values()) {
      assertThat(second.get("rating").get("dimensions").get(d.field()).asDouble())
          .isEqualTo(dims.get(d));
    }
    JsonNode x = second.get("explanation");
    assertThat(
            List.of(
                x.get("distance").asDouble(),
                x.get("text").asDouble(),
                x.get("rating").asDouble(),
                x.get("capacity").asDouble()))
        .containsExactly(0.3, 0.2, 0.15, 0.06);
    // The rating object of a match is the one provider documents carry, to the character.
    assertThat(Json.write(second.get("rating"))).isEqualTo(Json.write(ProviderJson.write(rated)));
    assertThat(Json.write(first.get("rating"))).isEqualTo(Json.write(ProviderJson.write(unrated)));
  }
}
