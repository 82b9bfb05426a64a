package org.linli.server.cases;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.hazelcast.core.EntryEvent;
import com.hazelcast.core.HazelcastJsonValue;
import com.hazelcast.map.IMap;
import com.hazelcast.map.listener.EntryAddedListener;
import com.hazelcast.map.listener.EntryUpdatedListener;
import io.vertx.core.Context;
import io.vertx.core.http.HttpServerResponse;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.linli.core.access.Principal;
import org.linli.core.cases.CaseNotifications;
import org.linli.core.cases.CaseNotifier;
import org.linli.core.cases.CaseUpdate;
import org.linli.server.json.Json;
import org.linli.server.store.CaseCodec;

/**
 * Server-sent events of cases: the adapters around {@link CaseNotifications}. Every member's entry
 * listener on the cases map hands each change on (every member sees every change), and each
 * connected stream is a {@link CaseNotifier} writing SSE frames ({@code id}, {@code event}, {@code
 * data}) on its request's context. A client that reconnects with {@code Last-Event-ID} is replayed
 * every later update of its cases from the store-backed map, then gets live ones; delivery is at
 * least once (an update that arrives during a replay may come twice, with the same id).
 * Thread-safe.
 */
public final class CaseEvents {
  private final CaseNotifications notifications;
  private final Map<HttpServerResponse, Stream> streams = new ConcurrentHashMap<>();

  public CaseEvents(CaseNotifications notifications) {
    this.notifications = notifications;
  }

  /** One connected stream: its principal's updates, written on the request's context. */
  private record Stream(Principal principal, HttpServerResponse response, Context context)
      implements CaseNotifier {
    @Override
    public void deliver(CaseUpdate u) {
      ObjectNode data =
          Json.object()
              .put("eventId", u.id())
              .put("caseId", u.caseId())
              .put("event", u.transition().event().name())
              .put("status", u.transition().to().name())
              .put("at", u.transition().at().toString());
      if (u.transition().providerId() != null) {
        data.put("providerId", u.transition().providerId());
      }
      String frame =
          "id: "
              + u.id()
              + "\nevent: "
              + u.transition().event().name().toLowerCase(Locale.ROOT)
              + "\ndata: "
              + Json.write(data)
              + "\n\n";
      context.runOnContext(
          v -> {
            if (!response.closed()) {
              response.write(frame);
            }
          });
    }
  }

  /** Starts handing on the changes of {@code loadedCases}. */
  public void attach(IMap<String, HazelcastJsonValue> loadedCases) {
    loadedCases.addEntryListener(new Listener(), true);
  }

  /**
   * Starts streaming {@code principal}'s live case events on {@code response} (already set up for
   * SSE). Call it before the response's first bytes go out, so that no event falls between the
   * client seeing the stream open and the subscription. Non-blocking.
   */
  public void register(Principal principal, HttpServerResponse response, Context context) {
    Stream s = new Stream(principal, response, context);
    streams.put(response, s);
    notifications.subscribe(s);
  }

  /**
   * Sends {@code response}'s stream every event of its cases after {@code lastEventId}. Blocking
   * (reads the map): call it on a worker, after {@link #register}.
   */
  public void replay(HttpServerResponse response, String lastEventId) {
    Stream s = streams.get(response);
    if (s != null && lastEventId != null) {
      notifications.replay(s, lastEventId);
    }
  }

  /** Stops streaming to {@code response} (the client went away). */
  public void unsubscribe(HttpServerResponse response) {
    Stream s = streams.remove(response);
    if (s != null) {
      notifications.unsubscribe(s);
    }
  }

  private final class Listener
      implements EntryAddedListener<String, HazelcastJsonValue>,
          EntryUpdatedListener<String, HazelcastJsonValue> {
    @Override
    public void entryAdded(EntryEvent<String, HazelcastJsonValue> event) {
      notifications.changed(0, CaseCodec.decode(event.getValue().getValue()));
    }

    @Override
    public void entryUpdated(EntryEvent<String, HazelcastJsonValue> event) {
      HazelcastJsonValue before = event.getOldValue();
      notifications.changed(
          before == null ? 0 : CaseCodec.historySize(before.getValue()),
          CaseCodec.decode(event.getValue().getValue()));
    }
  }
}
