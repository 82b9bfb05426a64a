package org.linli.server.notify;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.linli.server.config.ServerConfig;
import org.linli.server.json.Json;
import org.linli.server.store.Database;
import org.linli.server.store.FieldCipher;
import org.linli.server.util.Daemons;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers the outbox at least once: every half second, the messages that are due are claimed (a
 * lease, so that two members rarely send one twice; if they do, its {@code messageId} is the same)
 * and handed to the gateway ({@code LINLI_NOTIFY_URL}: a POST of the message as JSON, signed with
 * {@code X-Linli-Signature: sha256=<HMAC of the body>} when a secret is set; a 2xx is delivery) or,
 * without one, appended as a line to {@code notifications.log} in the data directory (owner-only;
 * for local trials). A failure is retried after a growing pause (1 s doubling to 5 minutes) until
 * the message is older than {@code LINLI_NOTIFY_MAX_AGE}, then given up and logged (by id and
 * template: never the recipient or the text). Thread-safe.
 */
public final class OutboxDelivery implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(OutboxDelivery.class);
  private static final Duration LEASE = Duration.ofSeconds(60);
  private static final int BATCH = 100;

  /** Where a message goes. */
  interface Sink {
    /** Delivers the message as the gateway's JSON; throws when it was not delivered. */
    void deliver(String json) throws IOException, InterruptedException;
  }

  private final Database db;
  private final FieldCipher cipher;
  private final Clock clock;
  private final Duration maxAge;
  private final Sink sink;
  private final ScheduledExecutorService thread = Daemons.scheduler("linli-outbox");

  public OutboxDelivery(Database db, FieldCipher cipher, ServerConfig config, Clock clock) {
    this.db = db;
    this.cipher = cipher;
    this.clock = clock;
    this.maxAge = config.notifications().maxAge();
    this.sink =
        config.notifications().url() == null
            ? file(config.dataDir().resolve("notifications.log"))
            : gateway(config.notifications().url(), config.notifications().secret());
    if (config.notifications().url() == null) {
      LOG.info(
          "Messages to people (sign-in codes, offers…) are written to {}: set LINLI_NOTIFY_URL to"
              + " send them through an SMS or WeChat gateway",
          config.dataDir().resolve("notifications.log").toAbsolutePath());
    } else {
      LOG.info(
          "Messages to people go to the gateway at {}", config.notifications().url().getHost());
    }
  }

  /** Starts delivering, every half second. */
  public OutboxDelivery start() {
    thread.scheduleWithFixedDelay(this::roundLogged, 0, 500, TimeUnit.MILLISECONDS);
    return this;
  }

  private void roundLogged() {
    try {
      round();
    } catch (SQLException | RuntimeException e) {
      LOG.warn("Delivering the outbox failed (retried shortly): {}", e.toString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** One round: the due messages, each claimed, sent, and marked. Answers how many it delivered. */
  int round() throws SQLException, InterruptedException {
    long now = clock.millis();
    record Due(
        String id,
        String channel,
        String template,
        String to,
        String body,
        long created,
        int attempts,
        long nextAt) {}
    List<Due> due = new ArrayList<>();
    try (Connection c = db.connection();
        PreparedStatement ps =
            c.prepareStatement(
                "SELECT message_id, channel, template, to_sealed, body_sealed, created_at, attempts,"
                    + " next_at FROM outbox WHERE delivered_at IS NULL AND given_up = FALSE"
                    + " AND next_at <= ? ORDER BY next_at")) {
      ps.setLong(1, now);
      ps.setMaxRows(BATCH);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          due.add(
              new Due(
                  rs.getString(1),
                  rs.getString(2),
                  rs.getString(3),
                  rs.getString(4),
                  rs.getString(5),
                  rs.getLong(6),
                  rs.getInt(7),
                  rs.getLong(8)));
        }
      }
    }
    int delivered = 0;
    for (Due d : due) {
      if (!claim(d.id(), d.nextAt(), now + LEASE.toMillis())) {
        continue; // another member claimed it
      }
      String json;
      try {
        JsonNode body = Json.parse(cipher.open(d.body(), "outbox/" + d.id() + "/body"));
        ObjectNode m =
            Json.object()
                .put("messageId", d.id())
                .put("channel", d.channel())
                .put("to", cipher.open(d.to(), "outbox/" + d.id() + "/to"))
                .put("template", d.template());
        m.set("params", body.get("params"));
        m.put("text", body.get("text").asText());
        json = Json.write(m);
      } catch (RuntimeException e) {
        LOG.error(
            "Message {} ({}) cannot be read; it is given up: {}",
            d.id(),
            d.template(),
            e.toString());
        mark(d.id(), d.attempts(), null, true);
        continue;
      }
      try {
        sink.deliver(json);
        mark(d.id(), d.attempts() + 1, null, false);
        delivered++;
      } catch (IOException e) {
        int attempts = d.attempts() + 1;
        long pause =
            Math.min(Duration.ofMinutes(5).toMillis(), 1_000L << Math.min(20, attempts - 1));
        boolean tooOld = clock.millis() + pause - d.created() > maxAge.toMillis();
        if (tooOld) {
          LOG.warn(
              "Gave up message {} ({}) after {} attempts over {}: {}",
              d.id(),
              d.template(),
              attempts,
              maxAge,
              e.getMessage());
          mark(d.id(), attempts, null, true);
        } else {
          LOG.info(
              "Message {} ({}) not delivered (attempt {}), retried in {} ms: {}",
              d.id(),
              d.template(),
              attempts,
              pause,
              e.getMessage());
          mark(d.id(), attempts, clock.millis() + pause, false);
        }
      }
    }
    return delivered;
  }

  /** Takes message {@code id} for a lease, if its due time is still {@code nextAt}. */
  private boolean claim(String id, long nextAt, long leaseUntil) throws SQLException {
    try (Connection c = db.connection();
        PreparedStatement ps =
            c.prepareStatement(
                "UPDATE outbox SET next_at = ? WHERE message_id = ? AND next_at = ?"
                    + " AND delivered_at IS NULL AND given_up = FALSE")) {
      ps.setLong(1, leaseUntil);
      ps.setString(2, id);
      ps.setLong(3, nextAt);
      return ps.executeUpdate() == 1;
    }
  }

  /**
   * Records an attempt at message {@code id}: due again at {@code retryAt}, or given up, or (both
   * unset) delivered now.
   */
  private void mark(String id, int attempts, Long retryAt, boolean givenUp) throws SQLException {
    try (Connection c = db.connection();
        PreparedStatement ps =
            c.prepareStatement(
                retryAt != null
                    ? "UPDATE outbox SET attempts = ?, next_at = ? WHERE message_id = ?"
                    : givenUp
                        ? "UPDATE outbox SET attempts = ?, given_up = TRUE WHERE message_id = ?"
                        : "UPDATE outbox SET attempts = ?, delivered_at = ? WHERE message_id = ?")) {
      ps.setInt(1, attempts);
      if (retryAt != null) {
        ps.setLong(2, retryAt);
        ps.setString(3, id);
      } else if (givenUp) {
        ps.setString(2, id);
      } else {
        ps.setLong(2, clock.millis());
        ps.setString(3, id);
      }
      ps.executeUpdate();
    }
  }

  private static Sink file(Path file) {
    return json -> {
      synchronized (OutboxDelivery.class) {
        boolean fresh = !Files.exists(file);
        Files.writeString(
            file,
            json + "\n",
            StandardCharsets.UTF_8,
            StandardOpenOption.CREATE,
            StandardOpenOption.APPEND);
        if (fresh) {
          try {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
          } catch (UnsupportedOperationException ignored) {
            // not a POSIX file system
          }
        }
      }
    };
  }

  private static Sink gateway(URI url, String secret) {
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    return json -> {
      HttpRequest.Builder r =
          HttpRequest.newBuilder(url)
              .timeout(Duration.ofSeconds(10))
              .header("Content-Type", "application/json; charset=utf-8")
              .POST(HttpRequest.BodyPublishers.ofString(json, StandardCharsets.UTF_8));
      if (secret != null) {
        r.header("X-Linli-Signature", "sha256=" + hmac(secret, json));
      }
      HttpResponse<Void> answer = http.send(r.build(), HttpResponse.BodyHandlers.discarding());
      if (answer.statusCode() / 100 != 2) {
        throw new IOException("the gateway answered " + answer.statusCode());
      }
    };
  }

  static String hmac(String secret, String body) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      return HexFormat.of().formatHex(mac.doFinal(body.getBytes(StandardCharsets.UTF_8)));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HMAC-SHA256 is not available in this JVM", e);
    }
  }

  @Override
  public void close() {
    thread.shutdownNow();
  }
}
