package org.linli.core.coverage;

import java.util.Map;
import org.linli.core.Nullable;
import org.linli.core.provider.ProviderKind;
import org.linli.core.region.Region;

/**
 * The figures of one region for one skill (or all), as counted: ACTIVE providers by kind located in
 * it, their capacity and spare capacity, the needs located in it and those unmet, the mean of all
 * ratings given to its providers (null: none), and the share of its area inside at least one
 * eligible provider's service area.
 */
public record Figures(
    Region region,
    Map<ProviderKind, Integer> providers,
    long capacity,
    long spareCapacity,
    int needs,
    int unmetNeeds,
    @Nullable Double avgRating,
    Double coveredAreaRatio) {}
