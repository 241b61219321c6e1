package dev.slipway.logs;

import dev.slipway.domain.BadRequest;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * What a log search looks for in each line: a text (any case unless the case must match) or a Java regular
 * expression, found in the line as the dashboard shows it (terminal escape sequences left out, see {@link Ansi}).
 * Matching runs against a deadline: Java's regex engine backtracks, and a pattern such as {@code (a+)+$} can take
 * longer than the universe has on one line of 30 characters, so the text it reads checks the clock as it goes.
 * Not thread-safe: one search at a time.
 */
public final class LineMatcher {
  /** The most places of one line an answer names (a line of 256 K characters may match a pattern everywhere). */
  public static final int MAX_SPANS = 100;

  /** Thrown from inside the regex engine when the search's time is up. */
  public static final class OutOfTime extends RuntimeException {
    OutOfTime() {
      super("the search's time is up", null, false, false);
    }
  }

  private final String literal;
  private final Matcher matcher;
  private final DeadlineText text = new DeadlineText();

  private LineMatcher(String literal, Pattern pattern) {
    this.literal = literal;
    this.matcher = pattern == null ? null : pattern.matcher("");
  }

  /**
   * The matcher for {@code q}: a regular expression when {@code regex}, else the text itself; any case unless
   * {@code matchCase}. A pattern that does not compile is a 400 saying why and where.
   */
  public static LineMatcher of(String q, boolean regex, boolean matchCase) {
    int caseFlags = matchCase ? 0 : Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE;
    if (!regex && matchCase) {
      return new LineMatcher(q, null);
    }
    try {
      return new LineMatcher(null, Pattern.compile(q, caseFlags | (regex ? 0 : Pattern.LITERAL)));
    } catch (PatternSyntaxException e) {
      String where = e.getIndex() < 0 ? "" : e.getIndex() >= q.length() ? " at the end"
          : " at character " + (e.getIndex() + 1);
      throw new BadRequest("the regular expression is not valid: "
          + e.getDescription().toLowerCase(Locale.ROOT) + where);
    }
  }

  /**
   * Where the matches are in {@code line}: pairs of start (inclusive) and end (exclusive) offsets, at most
   * {@link #MAX_SPANS}; empty matches (of {@code ^} or {@code x*}) count as a match with no place to mark. Null when
   * the line does not match. Throws {@link OutOfTime} once {@code System.nanoTime()} passes {@code deadline}.
   */
  public int[] spans(String line, long deadline) {
    if (System.nanoTime() - deadline > 0) {
      throw new OutOfTime();
    }
    return literal != null ? literalSpans(line) : patternSpans(line, deadline);
  }

  /** {@code indexOf}, which cannot backtrack: a text the case of which must match needs no clock. */
  private int[] literalSpans(String line) {
    int at = line.indexOf(literal);
    if (at < 0) {
      return null;
    }
    if (literal.isEmpty()) {
      return new int[0];
    }
    int[] found = new int[2 * MAX_SPANS];
    int count = 0;
    while (at >= 0 && count < MAX_SPANS) {
      found[2 * count] = at;
      found[2 * count + 1] = at + literal.length();
      count++;
      at = line.indexOf(literal, at + literal.length());
    }
    return java.util.Arrays.copyOf(found, 2 * count);
  }

  private int[] patternSpans(String line, long deadline) {
    text.reset(line, deadline);
    matcher.reset(text);
    if (!matcher.find()) {
      return null;
    }
    int[] found = new int[2 * MAX_SPANS];
    int count = 0;
    do {
      if (matcher.end() > matcher.start()) {
        found[2 * count] = matcher.start();
        found[2 * count + 1] = matcher.end();
        count++;
      }
    } while (count < MAX_SPANS && matcher.find());
    matcher.reset("");
    return java.util.Arrays.copyOf(found, 2 * count);
  }

  /**
   * A line that looks at the clock every few thousand characters the regex engine reads: the engine reads the text
   * only through {@link #charAt}, however it backtracks, so no pattern can outrun the deadline by more than that.
   */
  private static final class DeadlineText implements CharSequence {
    private static final int CHECK_EVERY = 4096;
    private String line = "";
    private long deadline;
    private int reads;

    void reset(String line, long deadline) {
      this.line = line;
      this.deadline = deadline;
    }

    @Override
    public char charAt(int index) {
      if (++reads == CHECK_EVERY) {
        reads = 0;
        if (System.nanoTime() - deadline > 0) {
          throw new OutOfTime();
        }
      }
      return line.charAt(index);
    }

    @Override
    public int length() {
      return line.length();
    }

    @Override
    public CharSequence subSequence(int start, int end) {
      return line.subSequence(start, end);
    }

    @Override
    public String toString() {
      return line;
    }
  }
}
