package dev.slipway.logs;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Finds many patterns in one pass over a text (Aho-Corasick): time linear in the text, however many secrets and
 * encodings there are, where replacing them one by one would scan a 256 K line once per pattern.
 *
 * <p>A state is the longest suffix of the text read so far that begins some pattern; its {@link #depth} is that
 * suffix's length, which is how a line cut in two tells how much of its end may be the start of a secret.
 * Immutable, so one automaton serves every stream of a job.
 */
final class PatternAutomaton {
  static final int ROOT = 0;

  /** The children of state s are labels/targets[first[s] .. first[s + 1]), sorted by label (compact for long keys). */
  private final int[] first;
  private final char[] labels;
  private final int[] targets;
  private final int[] fail;
  private final int[] depth;
  /** Length of the longest pattern that ends at each state (itself or a suffix of it), 0 when none. */
  private final int[] longest;

  PatternAutomaton(Collection<String> patterns) {
    Map<Long, Integer> edges = new HashMap<>();
    List<Integer> depths = new ArrayList<>(List.of(0));
    List<Integer> ends = new ArrayList<>(List.of(0));
    for (String pattern : patterns) {
      int state = ROOT;
      for (int i = 0; i < pattern.length(); i++) {
        int from = state;
        state = edges.computeIfAbsent(edge(from, pattern.charAt(i)), key -> {
          depths.add(depths.get(from) + 1);
          ends.add(0);
          return depths.size() - 1;
        });
      }
      ends.set(state, Math.max(ends.get(state), pattern.length()));
    }
    int size = depths.size();
    long[] keys = edges.keySet().stream().mapToLong(Long::longValue).sorted().toArray();
    first = new int[size + 1];
    labels = new char[keys.length];
    targets = new int[keys.length];
    for (int k = 0; k < keys.length; k++) {
      labels[k] = (char) keys[k];
      targets[k] = edges.get(keys[k]);
      first[(int) (keys[k] >>> 16) + 1]++;
    }
    for (int state = 0; state < size; state++) {
      first[state + 1] += first[state];
    }
    depth = depths.stream().mapToInt(Integer::intValue).toArray();
    longest = ends.stream().mapToInt(Integer::intValue).toArray();
    fail = new int[size];
    linkFailures();
  }

  private static long edge(int state, char c) {
    return (long) state << 16 | c;
  }

  /** Breadth first, so a state's failure link and its longest match are known before its children need them. */
  private void linkFailures() {
    ArrayDeque<Integer> queue = new ArrayDeque<>();
    queue.add(ROOT);
    while (!queue.isEmpty()) {
      int state = queue.poll();
      for (int k = first[state]; k < first[state + 1]; k++) {
        int child = targets[k];
        if (state != ROOT) {
          int f = fail[state];
          while (f != ROOT && child(f, labels[k]) < 0) {
            f = fail[f];
          }
          int t = child(f, labels[k]);
          fail[child] = t >= 0 ? t : ROOT;
        }
        longest[child] = Math.max(longest[child], longest[fail[child]]);
        queue.add(child);
      }
    }
  }

  private int child(int state, char c) {
    int low = first[state];
    int high = first[state + 1] - 1;
    while (low <= high) {
      int mid = (low + high) >>> 1;
      if (labels[mid] < c) {
        low = mid + 1;
      } else if (labels[mid] > c) {
        high = mid - 1;
      } else {
        return targets[mid];
      }
    }
    return -1;
  }

  boolean isEmpty() {
    return first[ROOT + 1] == 0;
  }

  int step(int state, char c) {
    while (true) {
      int next = child(state, c);
      if (next >= 0) {
        return next;
      }
      if (state == ROOT) {
        return ROOT;
      }
      state = fail[state];
    }
  }

  int depth(int state) {
    return depth[state];
  }

  int longestMatch(int state) {
    return longest[state];
  }

  /**
   * Reads {@code text[from, to)} from {@code state} and reports, at each position where patterns end, the longest of
   * them (the shorter ones lie inside it). Returns the state at the end.
   */
  int scan(CharSequence text, int from, int to, int state, MatchSink sink) {
    for (int i = from; i < to; i++) {
      state = step(state, text.charAt(i));
      int length = longest[state];
      if (length > 0) {
        sink.match(i + 1 - length, i + 1);
      }
    }
    return state;
  }

  @FunctionalInterface
  interface MatchSink {
    void match(int start, int end);
  }
}
