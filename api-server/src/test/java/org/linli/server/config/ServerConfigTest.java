package org.linli.server.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ServerConfigTest {
  @Test
  void load_nothingGiven_usesTheContractDefaults() {
    ServerConfig c = ServerConfig.load(List.of(), Map.of());
    assertThat(c.httpPort()).isEqualTo(8080);
    assertThat(c.dataDir()).isEqualTo(Path.of("./linli-data"));
    assertThat(c.demo()).isTrue();
    assertThat(c.clusterMembers()).isEmpty();
    assertThat(c.clusterPort()).isEqualTo(5701);
    assertThat(c.clusterName()).isEqualTo("linli");
    assertThat(c.security().rateLimitPerMinute()).isEqualTo(600);
    assertThat(c.security().rateLimitPerIpPerMinute()).isEqualTo(6_000);
    assertThat(c.offerTimeout()).isEqualTo(java.time.Duration.ofMinutes(15));
    assertThat(c.capacityGrace()).isEqualTo(java.time.Duration.ofMinutes(5));
    assertThat(c.warmup()).isEqualTo(java.time.Duration.ofSeconds(30));
  }

  @Test
  void load_sessionLifetimes_andAnIdentityProvider() {
    ServerConfig.SignIn defaults = ServerConfig.load(List.of(), Map.of()).signIn();
    assertThat(defaults.accountSession()).isEqualTo(java.time.Duration.ofHours(8));
    assertThat(defaults.residentSession()).isEqualTo(java.time.Duration.ofDays(30));
    assertThat(defaults.oidcJwks()).isNull();
    ServerConfig.SignIn set =
        ServerConfig.load(
                List.of("--session-ttl", "PT2H"),
                Map.of(
                    "LINLI_RESIDENT_SESSION_TTL", "P90D",
                    "LINLI_OIDC_JWKS_URL", "https://idp.example.cn/jwks",
                    "LINLI_OIDC_ROLES_CLAIM", "realm_access.roles"))
            .signIn();
    assertThat(set.accountSession()).isEqualTo(java.time.Duration.ofHours(2));
    assertThat(set.residentSession()).isEqualTo(java.time.Duration.ofDays(90));
    assertThat(set.oidcJwks()).hasToString("https://idp.example.cn/jwks");
    assertThat(set.oidcRolesClaim()).isEqualTo("realm_access.roles");
    assertThatThrownBy(() -> ServerConfig.load(List.of(), Map.of("LINLI_SESSION_TTL", "PT1M")))
        .hasMessageContaining("LINLI_SESSION_TTL");
    assertThatThrownBy(
            () -> ServerConfig.load(List.of(), Map.of("LINLI_RESIDENT_SESSION_TTL", "P400D")))
        .hasMessageContaining("LINLI_RESIDENT_SESSION_TTL");
    assertThatThrownBy(
            () -> ServerConfig.load(List.of(), Map.of("LINLI_OIDC_JWKS_URL", "ftp://idp/jwks")))
        .hasMessageContaining("LINLI_OIDC_JWKS_URL");
    assertThatThrownBy(
            () ->
                ServerConfig.load(
                    List.of(),
                    Map.of(
                        "LINLI_OIDC_JWKS_URL", "https://idp.example.cn/jwks",
                        "LINLI_JWT_PUBLIC_KEY", "/etc/linli/key.pem")))
        .hasMessageContaining("not both");
  }

  @Test
  void load_urgentTimings() {
    assertThat(ServerConfig.load(List.of(), Map.of()).escalation())
        .isEqualTo(
            new ServerConfig.Escalation(
                java.time.Duration.ofMinutes(5), java.time.Duration.ofMinutes(30)));
    ServerConfig.Escalation e =
        ServerConfig.load(
                List.of("--escalate-after", "PT10M"), Map.of("LINLI_URGENT_OFFER_TIMEOUT", "PT2M"))
            .escalation();
    assertThat(e.urgentOfferTimeout()).isEqualTo(java.time.Duration.ofMinutes(2));
    assertThat(e.escalateAfter()).isEqualTo(java.time.Duration.ofMinutes(10));
    assertThatThrownBy(() -> ServerConfig.load(List.of(), Map.of("LINLI_ESCALATE_AFTER", "PT0S")))
        .hasMessageContaining("LINLI_ESCALATE_AFTER");
  }

  @Test
  void load_warmup_isABoundedDuration_zeroTurnsItOff() {
    assertThat(ServerConfig.load(List.of(), Map.of("LINLI_WARMUP", "PT0S")).warmup()).isZero();
    assertThat(ServerConfig.load(List.of("--warmup", "PT5S"), Map.of()).warmup())
        .isEqualTo(java.time.Duration.ofSeconds(5));
    assertThatThrownBy(() -> ServerConfig.load(List.of(), Map.of("LINLI_WARMUP", "PT11M")))
        .hasMessageContaining("LINLI_WARMUP");
    assertThatThrownBy(() -> ServerConfig.load(List.of(), Map.of("LINLI_WARMUP", "-PT1S")))
        .hasMessageContaining("LINLI_WARMUP");
    assertThatThrownBy(() -> ServerConfig.load(List.of(), Map.of("LINLI_WARMUP", "soon")))
        .hasMessageContaining("LINLI_WARMUP");
  }

  @Test
  void load_rateLimitsCaseTimingsAndRatingPrior() {
    ServerConfig c =
        ServerConfig.load(
            List.of(),
            Map.of(
                "LINLI_RATE_LIMIT",
                "30",
                "LINLI_OFFER_TIMEOUT",
                "PT2M",
                "LINLI_CAPACITY_GRACE",
                "PT90S"));
    assertThat(c.security().rateLimitPerIpPerMinute()).as("ten clients' worth").isEqualTo(300);
    assertThat(c.offerTimeout()).isEqualTo(java.time.Duration.ofMinutes(2));
    assertThat(c.capacityGrace()).isEqualTo(java.time.Duration.ofSeconds(90));
    assertThat(
            ServerConfig.load(List.of(), Map.of("LINLI_RATE_LIMIT_IP", "0"))
                .security()
                .rateLimitPerIpPerMinute())
        .isZero();
    assertThatThrownBy(() -> ServerConfig.load(List.of(), Map.of("LINLI_CAPACITY_GRACE", "PT0S")))
        .hasMessageContaining("LINLI_CAPACITY_GRACE");
    assertThatThrownBy(() -> ServerConfig.load(List.of(), Map.of("LINLI_RATE_LIMIT_IP", "-1")))
        .hasMessageContaining("LINLI_RATE_LIMIT_IP");
    ServerConfig rated =
        ServerConfig.load(
            List.of(), Map.of("LINLI_RATING_PRIOR_MEAN", "3.5", "LINLI_RATING_PRIOR_WEIGHT", "10"));
    assertThat(rated.ratingPrior()).isEqualTo(new org.linli.core.rating.BayesianPrior(3.5, 10));
    assertThat(ServerConfig.load(List.of(), Map.of()).ratingPrior())
        .isEqualTo(org.linli.core.rating.BayesianPrior.DEFAULT);
    assertThatThrownBy(() -> ServerConfig.load(List.of(), Map.of("LINLI_RATING_PRIOR_MEAN", "7")))
        .hasMessageContaining("LINLI_RATING_PRIOR_MEAN");
    assertThatThrownBy(() -> ServerConfig.load(List.of(), Map.of("LINLI_RATING_PRIOR_WEIGHT", "x")))
        .hasMessageContaining("LINLI_RATING_PRIOR_WEIGHT");
  }

  @Test
  void load_flagsBeatEnvironmentWhichBeatsTheFile(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("linli.properties");
    Files.writeString(
        file, "LINLI_HTTP_PORT=7001\nLINLI_CLUSTER_NAME=from-file\nLINLI_DEMO=false\n");
    ServerConfig c =
        ServerConfig.load(
            List.of("--http-port", "7003", "--config=" + file),
            Map.of("LINLI_HTTP_PORT", "7002", "LINLI_CLUSTER_NAME", "from-env"));
    assertThat(c.httpPort()).isEqualTo(7003);
    assertThat(c.clusterName()).isEqualTo("from-env");
    assertThat(c.demo()).isFalse();
  }

  private static final Map<String, String> POSTGRES =
      Map.of(
          "LINLI_DB_URL",
          "jdbc:postgresql://db:5432/linli",
          "LINLI_DB_USER",
          "linli",
          "LINLI_DB_PASSWORD",
          "pw");

  private static Map<String, String> with(Map<String, String> base, String... more) {
    Map<String, String> out = new java.util.HashMap<>(base);
    for (int i = 0; i < more.length; i += 2) {
      out.put(more[i], more[i + 1]);
    }
    return out;
  }

  /** 32 bytes in base64, as {@code openssl rand -base64 32} makes. */
  private static final String KEY = "q6pHvYJ0k3mKp7n1sM2Uo9dW4xZc8bLfGh5tRyEiAaA=";

  @Test
  void theDataKey_isRequiredOfACluster_checked_andNeverPrinted() {
    assertThatThrownBy(
            () ->
                ServerConfig.load(
                    List.of(),
                    with(POSTGRES, "LINLI_CLUSTER_MEMBERS", "127.0.0.1:5701,127.0.0.1:5702")))
        .isInstanceOf(ServerConfig.ConfigException.class)
        .hasMessageContaining("LINLI_DATA_KEY")
        .hasMessageContaining("openssl rand -base64 32");
    assertThatThrownBy(
            () -> ServerConfig.load(List.of(), with(POSTGRES, "LINLI_DATA_KEY", "c2hvcnQ=")))
        .isInstanceOf(ServerConfig.ConfigException.class)
        .hasMessageContaining("32 bytes");
    assertThatThrownBy(
            () -> ServerConfig.load(List.of(), with(POSTGRES, "LINLI_DATA_KEY", "not base64!")))
        .isInstanceOf(ServerConfig.ConfigException.class)
        .hasMessageContaining("not base64");
    ServerConfig c =
        ServerConfig.load(
            List.of(),
            with(
                POSTGRES,
                "LINLI_CLUSTER_MEMBERS",
                "127.0.0.1:5701,127.0.0.1:5702",
                "LINLI_DATA_KEY",
                KEY));
    assertThat(c.security().dataKeyBytes()).hasSize(32);
    assertThat(c.toString()).doesNotContain(KEY).contains("dataKey=***");
    assertThat(ServerConfig.load(List.of(), POSTGRES).security().dataKey()).isNull();
  }

  @Test
  void load_clusterMembers_areSplitOnCommas_andNeedAnInterfaceWhenOnOtherHosts() {
    ServerConfig c =
        ServerConfig.load(
            List.of(),
            with(
                POSTGRES,
                "LINLI_CLUSTER_MEMBERS",
                "10.0.0.1:5701, node2:5702",
                "LINLI_CLUSTER_INTERFACE",
                "10.0.0.*",
                "LINLI_DATA_KEY",
                KEY));
    assertThat(c.clusterMembers()).containsExactly("10.0.0.1:5701", "node2:5702");
    assertThat(c.clustered()).isTrue();
    assertThat(c.clusterBindInterface()).isEqualTo("10.0.0.*");
    assertThatThrownBy(
            () ->
                ServerConfig.load(
                    List.of(), with(POSTGRES, "LINLI_CLUSTER_MEMBERS", "10.0.0.1:5701")))
        .isInstanceOf(ServerConfig.ConfigException.class)
        .hasMessageContaining("LINLI_CLUSTER_INTERFACE");
    assertThatThrownBy(
            () ->
                ServerConfig.load(
                    List.of(),
                    with(
                        POSTGRES,
                        "LINLI_CLUSTER_MEMBERS",
                        "10.0.0.1:5701",
                        "LINLI_CLUSTER_INTERFACE",
                        "eth0")))
        .hasMessageContaining("not an IP address");
    ServerConfig local =
        ServerConfig.load(
            List.of(),
            with(POSTGRES, "LINLI_CLUSTER_MEMBERS", "127.0.0.1:5701", "LINLI_DATA_KEY", KEY));
    assertThat(local.clusterBindInterface())
        .as("members on this host only: loopback")
        .isEqualTo("127.0.0.1");
  }

  @Test
  void load_standalone_bindsItsClusterPortToLoopback() {
    ServerConfig c = ServerConfig.load(List.of(), Map.of());
    assertThat(c.clustered()).isFalse();
    assertThat(c.clusterBindInterface()).isEqualTo("127.0.0.1");
  }

  @Test
  void load_aClusterOnTheEmbeddedStore_isRefused_sayingWhatToDo() {
    assertThatThrownBy(
            () -> ServerConfig.load(List.of(), Map.of("LINLI_CLUSTER_MEMBERS", "127.0.0.1:5701")))
        .isInstanceOf(ServerConfig.ConfigException.class)
        .hasMessageContaining("embedded H2")
        .hasMessageContaining("LINLI_DB_URL");
    assertThatThrownBy(
            () ->
                ServerConfig.load(
                    List.of(),
                    Map.of(
                        "LINLI_CLUSTER_MEMBERS",
                        "127.0.0.1:5701",
                        "LINLI_DB_URL",
                        "jdbc:h2:file:/tmp/x")))
        .hasMessageContaining("PostgreSQL");
  }

  @Test
  void builder_holdsTheSameDefaultsAsLoad() {
    assertThat(ServerConfig.builder().build()).isEqualTo(ServerConfig.load(List.of(), Map.of()));
  }

  @Test
  void load_badValues_nameTheSetting() {
    assertThatThrownBy(() -> ServerConfig.load(List.of("--http-port", "x"), Map.of()))
        .hasMessageContaining("LINLI_HTTP_PORT");
    assertThatThrownBy(() -> ServerConfig.load(List.of(), Map.of("LINLI_HTTP_PORT", "70000")))
        .hasMessageContaining("[0, 65535]");
    assertThatThrownBy(() -> ServerConfig.load(List.of(), Map.of("LINLI_DEMO", "maybe")))
        .hasMessageContaining("LINLI_DEMO");
    assertThatThrownBy(
            () -> ServerConfig.load(List.of(), Map.of("LINLI_CLUSTER_MEMBERS", "nohost")))
        .hasMessageContaining("host:port");
    assertThatThrownBy(() -> ServerConfig.load(List.of("stray"), Map.of()))
        .hasMessageContaining("stray");
  }
}
