package org.linli.core.cases;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.linli.core.Nullable;
import org.linli.core.accounts.Message;
import org.linli.core.accounts.Phone;

/**
 * The text messages a case's transitions send, in plain Chinese: {@code offer} to the offered
 * worker (or its agency's duty contact), {@code accepted} to the resident with the provider's name
 * and number, {@code completed} with how to rate, {@code unmatched} when nobody could take it. Each
 * message's id is derived from the case, the transition's place in its history and the recipient,
 * so that writing the same transition twice (a retry, a replay after a crash) yields the same ids
 * and a gateway, or the outbox, drops the repeat. A message to a worker names no resident and no
 * place. Stateless.
 */
public final class CaseMessages {
  /** Times in messages: the residents' and workers' own zone. */
  public static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");

  private static final DateTimeFormatter CLOCK =
      DateTimeFormatter.ofPattern("HH:mm", Locale.ROOT).withZone(ZONE);

  /** Who receives a case's messages (port): accounts and provider records. Blocking. */
  public interface Directory {
    /** The resident's own phone, if their account has one. */
    Optional<Phone> residentPhone(String residentId);

    /**
     * Where an offer to {@code providerId} goes: the phones of its WORKER accounts, else of its
     * agency's AGENCY accounts (the duty contact); empty when none has a phone.
     */
    List<Phone> providerContacts(String providerId, @Nullable String agencyId);

    /** The provider's display name, if it still exists. */
    Optional<String> providerName(String providerId);

    /**
     * The phones of the STAFF on duty for a place in {@code regionIds}: those whose region scope
     * holds one of them, else those without a scope.
     */
    List<Phone> dutyStaff(List<String> regionIds);
  }

  private CaseMessages() {}

  /**
   * Where the last step of {@code c} begins in its history: the first of the transitions that share
   * the last one's instant (one command's, such as a decline and the next offer).
   */
  public static int lastStep(ReferralCase c) {
    List<Transition> h = c.history();
    if (h.isEmpty()) {
      return 0;
    }
    Instant last = h.get(h.size() - 1).at();
    int i = h.size() - 1;
    while (i > 0 && h.get(i - 1).at().equals(last)) {
      i--;
    }
    return i;
  }

  /**
   * The messages of the transitions of {@code c} from index {@code from} of its history on, for
   * whoever {@code d} can reach.
   */
  public static List<Message> of(ReferralCase c, int from, Directory d) {
    List<Message> out = new ArrayList<>();
    List<Transition> h = c.history();
    for (int i = Math.max(0, from); i < h.size(); i++) {
      Transition t = h.get(i);
      switch (t.event()) {
        case OFFERED -> offer(c, i, t, d, out);
        case ACCEPTED ->
            whoHelps(c, i, t, d, "accepted", "【邻里】您的求助已有人接单：", "。对方会尽快与您联系，进展可在邻里“我的求助”中查看。", out);
        case COMPLETED -> {
          String name = d.providerName(t.providerId() == null ? "" : t.providerId()).orElse("服务机构");
          toResident(
              c,
              i,
              d,
              "completed",
              Map.of("caseId", c.id(), "providerName", name),
              "【邻里】" + name + "已完成这次服务。请在邻里“我的求助”中为服务打分，您的评价会帮助更多邻居；如有不满也可在那里投诉。",
              out);
        }
        case UNMATCHED ->
            toResident(
                c,
                i,
                d,
                "unmatched",
                Map.of("caseId", c.id()),
                "【邻里】抱歉，附近暂时没有服务机构接下您的求助。求助已记录，可在邻里“我的求助”中查看；" + "情况紧急请拨打 110 或 120。",
                out);
        case ESCALATED -> escalated(c, i, d, out);
        case REASSIGNED ->
            whoHelps(c, i, t, d, "reassigned", "【邻里】您的求助改由", "跟进。进展可在邻里“我的求助”中查看。", out);
        default -> {
          // declined, expired, cancelled: the next offer, or nothing, tells whom it concerns;
          // notes are the service's own
        }
      }
    }
    return out;
  }

  /**
   * To the resident: who helps now (the provider of step {@code t}), with its number when the
   * directory has one: {@code before} name{@code ，联系电话 …}{@code after}.
   */
  private static void whoHelps(
      ReferralCase c,
      int index,
      Transition t,
      Directory d,
      String template,
      String before,
      String after,
      List<Message> out) {
    String provider = t.providerId() == null ? "" : t.providerId();
    String name = d.providerName(provider).orElse("服务机构");
    List<Phone> contacts =
        d.providerContacts(provider, c.assigned() == null ? null : c.assigned().agencyId());
    String number = contacts.isEmpty() ? "" : contacts.get(0).digits();
    toResident(
        c,
        index,
        d,
        template,
        Map.of("caseId", c.id(), "providerName", name, "providerPhone", number),
        before + name + (number.isEmpty() ? "" : "，联系电话 " + number) + after,
        out);
  }

  private static void offer(
      ReferralCase c, int index, Transition t, Directory d, List<Message> out) {
    String provider = t.providerId();
    if (provider == null) {
      return;
    }
    String agency = null;
    for (Candidate x : c.candidates()) {
      if (x.providerId().equals(provider)) {
        agency = x.agencyId();
      }
    }
    Candidate current = c.offered();
    Instant until =
        current != null && current.providerId().equals(provider) ? c.offerExpiresAt() : null;
    String urgent = c.need().urgency() == Need.Urgency.URGENT ? "紧急" : "";
    int n = 0;
    for (Phone to : d.providerContacts(provider, agency)) {
      out.add(
          new Message(
              id(c, index, "offer", n++),
              "sms",
              to.digits(),
              "offer",
              until == null
                  ? Map.of("caseId", c.id())
                  : Map.of("caseId", c.id(), "expiresAt", until.toString()),
              "【邻里】您有一个新的"
                  + urgent
                  + "求助转介（"
                  + c.id()
                  + "）"
                  + (until == null ? "" : "，请在 " + CLOCK.format(until) + " 前")
                  + "打开邻里查看并接受或婉拒。"));
    }
  }

  /** To the resident, that staff now follow it; to the region's duty staff, that one waits. */
  private static void escalated(ReferralCase c, int index, Directory d, List<Message> out) {
    String why =
        c.status() == CaseStatus.UNMATCHED
            ? "暂无服务者接单"
            : c.need().urgency() == Need.Urgency.URGENT ? "紧急求助未及时接单" : "敏感求助未及时接单";
    if (c.status() != CaseStatus.UNMATCHED) { // an UNMATCHED resident was just told, in words
      toResident(
          c,
          index,
          d,
          "escalated",
          Map.of("caseId", c.id()),
          "【邻里】您的求助还没有服务者接单，已转给社区工作人员跟进，他们会尽快联系您。情况紧急请拨打 110 或 120。",
          out);
    }
    int n = 1;
    for (Phone staff : d.dutyStaff(c.regionIds())) {
      out.add(
          new Message(
              id(c, index, "escalated", n++),
              "sms",
              staff.digits(),
              "escalated",
              Map.of("caseId", c.id(), "reason", why),
              "【邻里】有一个求助需要您跟进（" + c.id() + "，" + why + "），请登录邻里工作人员页面查看。"));
    }
  }

  private static void toResident(
      ReferralCase c,
      int index,
      Directory d,
      String template,
      Map<String, String> params,
      String text,
      List<Message> out) {
    Optional<Phone> to = given(c.need().contactPhone());
    if (to.isEmpty()) {
      to = d.residentPhone(c.residentId());
    }
    to.ifPresent(
        phone ->
            out.add(
                new Message(
                    id(c, index, template, 0), "sms", phone.digits(), template, params, text)));
  }

  /** The number a need gave, when it is a mobile that can take a text message. */
  private static Optional<Phone> given(@Nullable String contactPhone) {
    if (contactPhone == null) {
      return Optional.empty();
    }
    try {
      return Optional.of(Phone.parse(contactPhone));
    } catch (RuntimeException landlineOrOther) {
      return Optional.empty();
    }
  }

  /** A stable id: the same case, transition, template and recipient give the same one. */
  static String id(ReferralCase c, int index, String template, int recipient) {
    return "m-"
        + UUID.nameUUIDFromBytes(
                (c.id() + "/" + index + "/" + template + "/" + recipient)
                    .getBytes(StandardCharsets.UTF_8))
            .toString()
            .replace("-", "");
  }
}
