package org.linli.core.region;

import java.util.Objects;

/**
 * An administrative region (its boundary lives with the geometry code). Immutable and thread-safe.
 *
 * @param id stable key: the adcode when the import names one, else {@code <level>:<name>}
 * @param adcode the official code, or null
 * @param name its name, as imported
 * @param level city, district or street
 * @param parentId the containing region of the next coarser level, or null
 * @param population residents (from a census import), or null when unknown
 * @param repaired what the import repaired in its geometry, or null
 */
public record Region(
    String id,
    String adcode,
    String name,
    RegionLevel level,
    String parentId,
    Long population,
    String repaired) {
  public Region {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(level, "level");
  }

  /** The key of a region of {@code level} called {@code name} with {@code adcode} (or none). */
  public static String idOf(String adcode, RegionLevel level, String name) {
    return adcode != null && !adcode.isBlank() ? adcode : level.code() + ":" + name;
  }

  public Region withParent(String parent) {
    return new Region(id, adcode, name, level, parent, population, repaired);
  }

  public Region withPopulation(Long people) {
    return new Region(id, adcode, name, level, parentId, people, repaired);
  }
}
