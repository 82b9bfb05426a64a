package org.linli.core.accounts;

import java.util.Map;

/**
 * One message to one person, as the outbox keeps it until it is delivered: {@code messageId} stays
 * the same across retries, so a gateway can drop a repeat.
 *
 * @param to the phone number (kept sealed at rest)
 * @param template the contract's template name ({@code otp}, {@code offer}, …)
 * @param text the message as the person reads it, {@code 【邻里】…}
 */
public record Message(
    String messageId,
    String channel,
    String to,
    String template,
    Map<String, String> params,
    String text) {
  public Message {
    params = Map.copyOf(params);
  }
}
