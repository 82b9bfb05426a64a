package org.linli.server.cluster;

import com.hazelcast.core.HazelcastJsonValue;
import com.hazelcast.map.EntryProcessor;
import java.io.Serializable;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.linli.core.cases.Candidate;
import org.linli.core.cases.CaseCommand;
import org.linli.core.cases.CaseRules;
import org.linli.core.cases.ReferralCase;
import org.linli.core.cases.StepDetail;
import org.linli.core.error.NotFoundException;
import org.linli.server.store.CaseCodec;

/**
 * One {@link CaseCommand}, applied by {@link CaseRules} atomically on the partition that owns the
 * case (so exactly one of many concurrent acceptances wins). Answers the case before and after, as
 * store documents.
 */
public final class CaseChange
    implements EntryProcessor<String, HazelcastJsonValue, Outcome<CaseChange.Result>> {
  private static final long serialVersionUID = 1L;

  /** The case before and after (equal when nothing changed). */
  public record Result(String before, String after) implements Serializable {}

  private final CaseCommand.Op op;
  private final CallerRef caller;
  private final long nowMillis;
  private final long offerTimeoutMillis;
  private final long urgentOfferTimeoutMillis;
  private final long escalateAfterMillis;
  private final String expectedProviderId;
  private final String detailCode;
  private final String detailNote;
  private final Integer detailMinutes;
  private final String targetProviderId;
  private final String targetAgencyId;

  /** {@code command}, to be applied under {@code rules} on the member that owns the case. */
  public CaseChange(CaseCommand command, CaseRules rules) {
    this.op = command.op();
    this.caller = CallerRef.of(command.caller());
    this.nowMillis = command.now().toEpochMilli();
    this.offerTimeoutMillis = rules.offerTimeout().toMillis();
    this.urgentOfferTimeoutMillis = rules.urgentOfferTimeout().toMillis();
    this.escalateAfterMillis = rules.escalateAfter().toMillis();
    this.expectedProviderId = command.expectedProviderId();
    StepDetail d = command.detail();
    this.detailCode = d == null ? null : d.code();
    this.detailNote = d == null ? null : d.note();
    this.detailMinutes = d == null ? null : d.serviceMinutes();
    Candidate t = command.target();
    this.targetProviderId = t == null ? null : t.providerId();
    this.targetAgencyId = t == null ? null : t.agencyId();
  }

  @Override
  public Outcome<Result> process(Map.Entry<String, HazelcastJsonValue> entry) {
    return Outcome.of(() -> apply(entry));
  }

  private Result apply(Map.Entry<String, HazelcastJsonValue> entry) {
    HazelcastJsonValue v = entry.getValue();
    if (v == null) {
      if (op == CaseCommand.Op.EXPIRE || op == CaseCommand.Op.ESCALATE) {
        return null;
      }
      throw new NotFoundException("case " + entry.getKey());
    }
    ReferralCase before = CaseCodec.decode(v.getValue());
    CaseCommand command =
        new CaseCommand(
            op,
            caller.principal(),
            Instant.ofEpochMilli(nowMillis),
            expectedProviderId,
            detailCode == null ? null : new StepDetail(detailCode, detailNote, detailMinutes),
            targetProviderId == null ? null : Candidate.moved(targetProviderId, targetAgencyId));
    ReferralCase after =
        command.applyTo(
            before,
            new CaseRules(
                Duration.ofMillis(offerTimeoutMillis),
                Duration.ofMillis(urgentOfferTimeoutMillis),
                Duration.ofMillis(escalateAfterMillis)));
    if (after == before) {
      return new Result(v.getValue(), v.getValue());
    }
    String json = CaseCodec.encode(after);
    entry.setValue(new HazelcastJsonValue(json));
    return new Result(v.getValue(), json);
  }
}
