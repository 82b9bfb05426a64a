package org.linli.core.service;

/**
 * A rule a provider fails for a request, with what the provider requires in words of the contract
 * (English; pages word it for residents from the rule and the provider's criteria).
 *
 * @param rule the rule
 * @param detail what the provider requires, such as {@code "aged 60 or over"}
 */
public record Unmet(ServiceRule rule, String detail) {}
