package org.linli.ranking;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.PriorityQueue;
import java.util.function.Supplier;

/**
 * The names of the matchable providers, for finding providers by name: every name, lower-cased, in
 * one string (separated by a character no name holds), so that a query is a few {@link
 * String#indexOf} runs over contiguous memory rather than a walk over a million objects. Rebuilt
 * from the index when a search finds it older than {@link #MAX_AGE_NANOS} and the index changed
 * since: a renamed or new provider is found within a second. Thread-safe.
 */
final class NameTable {
  /** How stale a table a search may use after the index changed. */
  static final long MAX_AGE_NANOS = 1_000_000_000L;

  private static final char SEPARATOR = '\u0001';

  /** One built table: names joined, where each starts, and whose it is. */
  private record Snapshot(String text, int[] starts, Entry[] entries, long builtAt) {
    int end(int name) {
      return name + 1 < starts.length ? starts[name + 1] - 1 : text.length();
    }
  }

  private final Supplier<Collection<? extends Indexed>> source;
  private volatile Snapshot snapshot;
  private volatile boolean changed = true;

  NameTable(Supplier<Collection<? extends Indexed>> source) {
    this.source = source;
  }

  /** The index changed: the next search after {@link #MAX_AGE_NANOS} rebuilds. */
  void changed() {
    changed = true;
  }

  private Snapshot current() {
    Snapshot s = snapshot;
    if (s != null && (!changed || System.nanoTime() - s.builtAt() < MAX_AGE_NANOS)) {
      return s;
    }
    synchronized (this) {
      s = snapshot;
      if (s != null && (!changed || System.nanoTime() - s.builtAt() < MAX_AGE_NANOS)) {
        return s;
      }
      changed = false; // a change from here on marks the new table stale
      Snapshot built = build();
      snapshot = built;
      return built;
    }
  }

  private Snapshot build() {
    List<Entry> entries = new ArrayList<>();
    for (Indexed i : source.get()) {
      if (i instanceof Entry e) {
        entries.add(e);
      }
    }
    StringBuilder text = new StringBuilder(entries.size() * 9);
    int[] starts = new int[entries.size()];
    for (int n = 0; n < entries.size(); n++) {
      starts[n] = text.length();
      text.append(lower(entries.get(n).name).replace(SEPARATOR, ' ')).append(SEPARATOR);
    }
    return new Snapshot(text.toString(), starts, entries.toArray(new Entry[0]), System.nanoTime());
  }

  static String lower(String s) {
    return s.toLowerCase(Locale.ROOT);
  }

  /** Whether {@code text[from, to)} holds {@code w}. */
  private static boolean holds(String text, int from, int to, String w) {
    for (int i = from, last = to - w.length(); i <= last; i++) {
      if (text.startsWith(w, i)) {
        return true;
      }
    }
    return false;
  }

  /** A provider found, and how well its name answers the query (lower is better). */
  record Hit(Entry entry, int rank) {}

  /** Best first: the exact name, then names starting with the query, holding it, its words. */
  static final Comparator<Hit> BEST =
      Comparator.comparingInt(Hit::rank)
          .thenComparingInt((Hit h) -> h.entry().name.length())
          .thenComparing(h -> h.entry().id);

  /**
   * The providers whose name holds every one of {@code words} (lower-cased), ranked against {@code
   * query}; at most {@code limit}, best first.
   */
  List<Hit> find(String query, List<String> words, int limit) {
    Snapshot s = current();
    String q = lower(query);
    // The longest word is likely the rarest: its occurrences are the candidates.
    String first = words.stream().max(Comparator.comparingInt(String::length)).orElse(q);
    PriorityQueue<Hit> kept = new PriorityQueue<>(BEST.reversed());
    String text = s.text();
    int[] starts = s.starts();
    int n = 0;
    int last = -1;
    for (int at = text.indexOf(first); at >= 0; at = text.indexOf(first, at + 1)) {
      // Occurrences come in text order: walk the starts forward (one sequential pass in all).
      while (n + 1 < starts.length && starts[n + 1] <= at) {
        n++;
      }
      if (n == last) { // a name's occurrences are together
        continue;
      }
      last = n;
      int from = s.starts()[n];
      int to = s.end(n);
      boolean all = true;
      for (String w : words) {
        if (!holds(text, from, to, w)) {
          all = false;
          break;
        }
      }
      if (!all) {
        continue;
      }
      int length = to - from;
      boolean prefix = text.startsWith(q, from) && q.length() <= length;
      int rank = prefix && q.length() == length ? 0 : prefix ? 1 : holds(text, from, to, q) ? 2 : 3;
      Hit h = new Hit(s.entries()[n], rank);
      if (kept.size() < limit) {
        kept.add(h);
      } else if (BEST.compare(h, kept.peek()) < 0) {
        kept.poll();
        kept.add(h);
      }
    }
    List<Hit> out = new ArrayList<>(kept);
    out.sort(BEST);
    return out;
  }
}
