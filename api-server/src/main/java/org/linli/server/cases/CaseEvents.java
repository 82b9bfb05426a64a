package org.linli.server.cases;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.hazelcast.core.EntryEvent;
import com.hazelcast.core.HazelcastJsonValue;
import com.hazelcast.map.IMap;
import com.hazelcast.map.listener.EntryAddedListener;
import com.hazelcast.map.listener.EntryUpdatedListener;
import com.hazelcast.query.Predicate;
import com.hazelcast.query.Predicates;
import io.vertx.core.Context;
import io.vertx.core.http.HttpServerResponse;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArraySet;
import org.linli.core.access.CaseAccess;
import org.linli.core.access.Principal;
import org.linli.core.access.Role;
import org.linli.core.cases.ReferralCase;
import org.linli.core.cases.Transition;
import org.linli.server.json.Json;
import org.linli.server.store.CaseCodec;

/**
 * Server-sent events of cases, derived from the durable state: every transition in a case's history
 * is one event, with the id {@code <epoch millis>-<case id>-<index>}, so a client that reconnects
 * with {@code Last-Event-ID} is replayed every later event of its cases from the store-backed map,
 * then gets live ones. An event goes to the case's resident and to the provider it concerns (its
 * WORKER, and the AGENCY that owns it). Live events come from an entry listener on the cases map
 * (every member sees every change). Delivery is at least once: an event that arrives during a
 * replay may come twice (same id). Thread-safe.
 */
public final class CaseEvents {
  /** One connected stream. */
  private record Subscriber(Principal principal, HttpServerResponse response, Context context) {}

  /** One event for delivery. */
  private record Event(
      String id, long at, String caseId, int index, Transition t, ReferralCase c) {}

  private final Set<Subscriber> subscribers = new CopyOnWriteArraySet<>();
  private volatile IMap<String, HazelcastJsonValue> cases;

  /** Starts listening to {@code loadedCases}. */
  public void attach(IMap<String, HazelcastJsonValue> loadedCases) {
    this.cases = loadedCases;
    loadedCases.addEntryListener(new Listener(), true);
  }

  /**
   * Starts streaming {@code principal}'s live case events on {@code response} (already set up for
   * SSE). Call it before the response's first bytes go out, so that no event falls between the
   * client seeing the stream open and the subscription. Non-blocking.
   */
  public void register(Principal principal, HttpServerResponse response, Context context) {
    subscribers.add(new Subscriber(principal, response, context));
  }

  /**
   * Sends {@code response}'s subscriber every event of its cases after {@code lastEventId}.
   * Blocking (reads the map): call it on a worker, after {@link #register}.
   */
  public void replay(HttpServerResponse response, String lastEventId) {
    Subscriber s =
        subscribers.stream().filter(x -> x.response() == response).findFirst().orElse(null);
    if (s == null || lastEventId == null || cases == null) {
      return;
    }
    Principal principal = s.principal();
    String[] key = lastEventId.split("-", 2);
    long afterAt;
    try {
      afterAt = Long.parseLong(key[0]);
    } catch (NumberFormatException e) {
      afterAt = 0;
    }
    List<Event> missed = new ArrayList<>();
    for (HazelcastJsonValue v : cases.values(relevantTo(principal))) {
      ReferralCase c = CaseCodec.decode(v.getValue());
      for (int i = 0; i < c.history().size(); i++) {
        Event e = event(c, i);
        if (CaseAccess.concerns(principal, c, c.history().get(i))
            && after(e, afterAt, lastEventId)) {
          missed.add(e);
        }
      }
    }
    missed.sort(Comparator.comparingLong(Event::at).thenComparing(Event::id));
    missed.forEach(e -> send(s, e));
  }

  /** Stops streaming to {@code response} (the client went away). */
  public void unsubscribe(HttpServerResponse response) {
    subscribers.removeIf(s -> s.response() == response);
  }

  private static boolean after(Event e, long afterAt, String lastEventId) {
    return e.at() > afterAt || (e.at() == afterAt && e.id().compareTo(lastEventId) > 0);
  }

  /**
   * The cases whose events {@code p} may get (a superset; {@link CaseAccess#concerns} decides per
   * event).
   */
  @SuppressWarnings("unchecked")
  private static Predicate<String, HazelcastJsonValue> relevantTo(Principal p) {
    List<Predicate<String, HazelcastJsonValue>> any = new ArrayList<>();
    any.add(Predicates.equal("residentId", p.subject()));
    if (p.has(Role.WORKER) && p.providerId() != null) {
      any.add(Predicates.equal("candidates[any].providerId", p.providerId()));
    }
    if (p.has(Role.AGENCY) && p.agencyId() != null) {
      any.add(Predicates.equal("candidates[any].agencyId", p.agencyId()));
    }
    return Predicates.or(any.toArray(new Predicate[0]));
  }

  private static Event event(ReferralCase c, int i) {
    Transition t = c.history().get(i);
    long at = t.at().toEpochMilli();
    return new Event(at + "-" + c.id() + "-" + i, at, c.id(), i, t, c);
  }

  private void publish(String before, String after) {
    ReferralCase c = CaseCodec.decode(after);
    int from = before == null ? 0 : CaseCodec.historySize(before);
    for (int i = from; i < c.history().size(); i++) {
      Event e = event(c, i);
      for (Subscriber s : subscribers) {
        if (CaseAccess.concerns(s.principal(), c, e.t())) {
          send(s, e);
        }
      }
    }
  }

  private void send(Subscriber s, Event e) {
    ObjectNode data =
        Json.object()
            .put("eventId", e.id())
            .put("caseId", e.caseId())
            .put("event", e.t().event().name())
            .put("status", e.t().to().name())
            .put("at", e.t().at().toString());
    if (e.t().providerId() != null) {
      data.put("providerId", e.t().providerId());
    }
    String frame =
        "id: "
            + e.id()
            + "\nevent: "
            + e.t().event().name().toLowerCase(java.util.Locale.ROOT)
            + "\ndata: "
            + Json.write(data)
            + "\n\n";
    s.context()
        .runOnContext(
            v -> {
              if (!s.response().closed()) {
                s.response().write(frame);
              }
            });
  }

  private final class Listener
      implements EntryAddedListener<String, HazelcastJsonValue>,
          EntryUpdatedListener<String, HazelcastJsonValue> {
    @Override
    public void entryAdded(EntryEvent<String, HazelcastJsonValue> event) {
      publish(null, event.getValue().getValue());
    }

    @Override
    public void entryUpdated(EntryEvent<String, HazelcastJsonValue> event) {
      publish(
          event.getOldValue() == null ? null : event.getOldValue().getValue(),
          event.getValue().getValue());
    }
  }
}
