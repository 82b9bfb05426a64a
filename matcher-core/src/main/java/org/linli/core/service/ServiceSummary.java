package org.linli.core.service;

import java.util.List;
import java.util.Set;
import org.linli.core.Nullable;
import org.linli.core.taxonomy.Skill;

/**
 * What a match shows so that a resident can act on it.
 *
 * @param skills what the provider offers
 * @param phone the first number to call, or null
 * @param openNow whether it is open at the time of the answer (false when its hours are not known)
 * @param todayHours today's opening hours as {@code "09:00-17:30"} (an evening past midnight as
 *     {@code "22:00-06:00"}), empty when it does not open today, null when its hours are not known
 * @param cost what it costs, or null when not known
 * @param closedToday whether a closure covers today
 * @param closure the closure's reason, or null
 */
public record ServiceSummary(
    Set<Skill> skills,
    @Nullable String phone,
    boolean openNow,
    @Nullable List<String> todayHours,
    @Nullable CostType cost,
    boolean closedToday,
    @Nullable String closure) {}
