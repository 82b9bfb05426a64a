package org.linli.core.service;

import org.linli.core.Nullable;

/**
 * What a service costs (checked by {@link ServiceDetails}).
 *
 * @param type free, subsidised or paid
 * @param note the terms in words, or null
 */
public record Cost(CostType type, @Nullable String note) {}
