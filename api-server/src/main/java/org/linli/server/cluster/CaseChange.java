package org.linli.server.cluster;

import com.hazelcast.core.HazelcastJsonValue;
import com.hazelcast.map.EntryProcessor;
import java.io.Serializable;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.linli.core.cases.CaseRules;
import org.linli.core.cases.ReferralCase;
import org.linli.core.error.ConflictException;
import org.linli.core.error.NotFoundException;
import org.linli.core.access.Principal;
import org.linli.server.json.CaseJson;

/**
 * One state change of one case, applied by {@link CaseRules} atomically on the partition that owns it (so
 * exactly one of many concurrent acceptances wins). Answers the case before and after, as store documents.
 */
public final class CaseChange implements EntryProcessor<String, HazelcastJsonValue, Outcome<CaseChange.Result>> {
  private static final long serialVersionUID = 1L;

  /** What to do. */
  public enum Op { ACCEPT, DECLINE, COMPLETE, CANCEL, EXPIRE }

  /** The case before and after (equal when nothing changed). */
  public record Result(String before, String after) implements Serializable {}

  private final Op op;
  private final CallerRef caller;
  private final long nowMillis;
  private final long offerTimeoutMillis;
  /** For ACCEPT: the provider whose capacity the caller reserved; the offer must still be its. */
  private final String expectedProviderId;

  public CaseChange(Op op, Principal caller, Instant now, Duration offerTimeout, String expectedProviderId) {
    this.op = op;
    this.caller = CallerRef.of(caller);
    this.nowMillis = now.toEpochMilli();
    this.offerTimeoutMillis = offerTimeout.toMillis();
    this.expectedProviderId = expectedProviderId;
  }

  @Override
  public Outcome<Result> process(Map.Entry<String, HazelcastJsonValue> entry) {
    return Outcome.of(() -> apply(entry));
  }

  private Result apply(Map.Entry<String, HazelcastJsonValue> entry) {
    HazelcastJsonValue v = entry.getValue();
    if (v == null) {
      if (op == Op.EXPIRE) {
        return null;
      }
      throw new NotFoundException("case " + entry.getKey());
    }
    ReferralCase before = CaseJson.fromStore(v.getValue());
    CaseRules rules = new CaseRules(Duration.ofMillis(offerTimeoutMillis));
    Instant now = Instant.ofEpochMilli(nowMillis);
    Principal p = caller.principal();
    ReferralCase after = switch (op) {
      case ACCEPT -> {
        ReferralCase accepted = rules.accept(before, p, now);
        if (!accepted.assigned().providerId().equals(expectedProviderId)) {
          throw new ConflictException("the offer moved on to another provider");
        }
        yield accepted;
      }
      case DECLINE -> rules.decline(before, p, now);
      case COMPLETE -> rules.complete(before, p, now);
      case CANCEL -> rules.cancel(before, p, now);
      case EXPIRE -> rules.expire(before, now);
    };
    if (after == before) {
      return new Result(v.getValue(), v.getValue());
    }
    String json = CaseJson.toStore(after);
    entry.setValue(new HazelcastJsonValue(json));
    return new Result(v.getValue(), json);
  }
}
