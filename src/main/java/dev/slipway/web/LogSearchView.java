package dev.slipway.web;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A search in a job's log as the job page shows it: the form as it was filled in, and the matching lines, each cut
 * into pieces that are or are not a match so the template marks them with {@code <mark>} while escaping every piece
 * (never HTML built from what the user typed). {@code q} null: no search asked for.
 */
public record LogSearchView(String jobId, String q, boolean regex, boolean matchCase, long after, String error,
                            List<Hit> hits, String stoppedBy, long nextAfter) {
  public static final LogSearchView NONE = new LogSearchView(null, null, false, false, 0, null, List.of(), null, 0);

  /** A matching line: its number, its text in pieces, and where it matches as {@code start-end} pairs for log.js. */
  public record Hit(long n, List<Piece> pieces, String at) {
  }

  public record Piece(String text, boolean match) {
  }

  /** The form as filled in, with what is wrong with it. */
  static LogSearchView refused(String jobId, String q, boolean regex, boolean matchCase, String error) {
    return new LogSearchView(jobId, q, regex, matchCase, 0, error, List.of(), null, 0);
  }

  /** The answer of {@code Bus.SEARCH} to {@code body}. */
  static LogSearchView found(String jobId, JsonObject body, JsonObject answer) {
    List<Hit> hits = new ArrayList<>();
    for (Object item : answer.getJsonArray("matches")) {
      JsonObject match = (JsonObject) item;
      hits.add(hit(match.getLong("n"), match.getString("text"), match.getJsonArray("at")));
    }
    return new LogSearchView(jobId, body.getString("q"), body.getBoolean("regex", false),
        body.getBoolean("matchCase", false), body.getLong("after", 0L), null, hits,
        answer.getBoolean("truncated", false) ? answer.getString("stoppedBy") : null, answer.getLong("nextAfter", 0L));
  }

  private static Hit hit(long n, String text, JsonArray at) {
    List<Piece> pieces = new ArrayList<>();
    StringBuilder spans = new StringBuilder();
    int done = 0;
    for (Object item : at) {
      JsonArray span = (JsonArray) item;
      int start = Math.max(done, Math.min(span.getInteger(0), text.length()));
      int end = Math.max(start, Math.min(span.getInteger(1), text.length()));
      if (start > done) {
        pieces.add(new Piece(text.substring(done, start), false));
      }
      if (end > start) {
        pieces.add(new Piece(text.substring(start, end), true));
        spans.append(spans.isEmpty() ? "" : " ").append(start).append('-').append(end);
      }
      done = end;
    }
    if (done < text.length()) {
      pieces.add(new Piece(text.substring(done), false));
    }
    return new Hit(n, pieces, spans.toString());
  }

  /** Whether a search was asked for and answered (an error has no results to show). */
  public boolean answered() {
    return q != null && error == null;
  }

  public String shownQ() {
    return q == null ? "" : q;
  }

  public String summary() {
    String where = after > 0 ? " after line " + number(after) : "";
    return switch (hits.size()) {
      case 0 -> "No line" + where + " matches.";
      case 1 -> "1 matching line" + where + ".";
      default -> number(hits.size()) + " matching lines" + where + (stoppedBy != null ? " shown." : ".");
    };
  }

  public boolean truncated() {
    return stoppedBy != null;
  }

  /** Why the answer stopped early, in words a user can act on (with the link to go on after it). */
  public String truncatedNote() {
    return switch (stoppedBy == null ? "" : stoppedBy) {
      case "matches" -> "More lines match than are shown here.";
      case "size" -> "More lines match, but these long lines fill the answer.";
      case "time" -> "The search ran out of time (" + dev.slipway.store.LogSearch.BUDGET_MS / 1000
          + " s) after line " + number(nextAfter) + ". A regular expression that backtracks (nested repetition such"
          + " as (a+)+) can take very long: simplify it, or go on from there.";
      default -> "";
    };
  }

  /** The query string that goes on after the last line this answer searched. */
  public String nextQuery() {
    return SearchParams.queryString(new JsonObject().put("q", q).put("regex", regex).put("matchCase", matchCase)
        .put("after", nextAfter));
  }

  /** The query string of this search, for the address bar. */
  String query() {
    return q == null ? "" : SearchParams.queryString(new JsonObject().put("q", q).put("regex", regex)
        .put("matchCase", matchCase).put("after", after));
  }

  public String nextAfterShown() {
    return number(nextAfter);
  }

  private static String number(long n) {
    return String.format(Locale.ENGLISH, "%,d", n);
  }
}
