package org.linli.ranking;

/**
 * What the index keeps per provider id: its {@link Entry} when it is matchable, else only its
 * analysed text, which the text statistics count all the same (and must subtract when it goes).
 */
sealed interface Indexed permits Entry, TextDoc {
  /** The provider's analysed text. */
  TextDoc text();
}
