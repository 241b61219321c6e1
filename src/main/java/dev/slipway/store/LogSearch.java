package dev.slipway.store;

import dev.slipway.domain.BadRequest;
import dev.slipway.domain.LogLine;
import dev.slipway.logs.Ansi;
import dev.slipway.logs.LineMatcher;
import dev.slipway.logs.LogQuery;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;

/**
 * Searches a job's stored log (see {@link LogQuery}): the log is read a page at a time, never whole (a log may hold
 * millions of lines), the next page while this one is matched. Lines are matched in Java whichever store holds them,
 * so the files and PostgreSQL give the same answers by construction: PostgreSQL's regular expressions are another
 * dialect ({@code \b}, lookbehind, embedded flags) and its {@code ILIKE} folds case by the database's collation.
 * The stored text is already masked, so a secret value cannot be searched for.
 *
 * <p>Matching takes CPU and a regular expression may backtrack for ever: it runs on a pool of its own of
 * {@value #THREADS} threads (a search never holds up the worker threads that hash passwords and read files), and every
 * search stops after {@value #BUDGET_MS} ms, answering what it found so far. An answer holds at most
 * {@link LogQuery#limit()} lines and about {@value #MAX_ANSWER_CHARS} characters; one that stopped early says where
 * to go on.
 */
public final class LogSearch {
  public static final long BUDGET_MS = 5000;
  static final int THREADS = 2;
  static final long MAX_ANSWER_CHARS = 2L * 1024 * 1024;
  private static final int PAGE = 5000;
  private static final long PAGE_CHARS = 2L * 1024 * 1024;

  private final LogStore logs;
  private final WorkerExecutor matching;
  private final long budgetNanos;

  /** Made in a verticle's start: the pool closes with the verticle. */
  public LogSearch(Vertx vertx, LogStore logs) {
    this(vertx, logs, BUDGET_MS);
  }

  LogSearch(Vertx vertx, LogStore logs, long budgetMs) {
    this.logs = logs;
    this.matching = vertx.createSharedWorkerExecutor("slipway-log-search", THREADS);
    this.budgetNanos = budgetMs * 1_000_000;
  }

  /**
   * Job {@code jobId}'s matching lines for the query in {@code body}: {@code {"matches": [{"n", "text", "at":
   * [[start, end]…]}…], "truncated", "stoppedBy"?, "nextAfter"?}}. {@code text} is the line as shown (terminal escape
   * sequences left out), {@code at} where it matches. {@code truncated} when the search stopped before the end of the
   * log: {@code stoppedBy} {@code matches} (more lines match than {@code limit}), {@code size} (the answer's text is
   * full) or {@code time} (the time was up); the next search goes on with {@code after} = {@code nextAfter}.
   */
  public Future<JsonObject> find(String jobId, JsonObject body) {
    LogQuery query;
    LineMatcher matcher;
    try {
      query = LogQuery.from(body);
      matcher = query.matcher();
    } catch (BadRequest e) {
      return Future.failedFuture(e);
    }
    Found found = new Found(query.limit(), query.after(), System.nanoTime() + budgetNanos);
    return scan(jobId, matcher, logs.read(jobId, query.after(), PAGE, PAGE_CHARS), found);
  }

  private Future<JsonObject> scan(String jobId, LineMatcher matcher, Future<List<LogLine>> reading, Found found) {
    return reading.compose(page -> {
      if (page.isEmpty()) {
        return Future.succeededFuture(found.toJson());
      }
      Future<List<LogLine>> next = logs.read(jobId, page.get(page.size() - 1).n(), PAGE, PAGE_CHARS);
      return matching.executeBlocking(() -> found.scan(page, matcher), false)
          .compose(goOn -> goOn ? scan(jobId, matcher, next, found) : Future.succeededFuture(found.toJson()));
    });
  }

  /** What a search found so far. Its pages are matched one after the other, each on some thread of the pool. */
  private static final class Found {
    private final int limit;
    private final long deadline;
    private final JsonArray matches = new JsonArray();
    private long chars;
    /** The last line searched, and before it every one. */
    private long searched;
    private String stoppedBy;

    Found(int limit, long after, long deadline) {
      this.limit = limit;
      this.searched = after;
      this.deadline = deadline;
    }

    /** Matches a page; false once the search stops. Blocking (CPU), on the search pool. */
    boolean scan(List<LogLine> page, LineMatcher matcher) {
      for (LogLine line : page) {
        String shown = Ansi.strip(line.text());
        int[] spans;
        try {
          spans = matcher.spans(shown, deadline);
        } catch (LineMatcher.OutOfTime e) {
          stoppedBy = "time";
          return false;
        }
        if (spans != null) {
          // One match past the limit (or past the size) says that more lines match, so "truncated" never lies.
          if (matches.size() == limit || chars + shown.length() > MAX_ANSWER_CHARS && !matches.isEmpty()) {
            stoppedBy = matches.size() == limit ? "matches" : "size";
            return false;
          }
          matches.add(hit(line.n(), shown, spans));
          chars += shown.length();
        }
        searched = line.n();
      }
      return true;
    }

    private static JsonObject hit(long n, String text, int[] spans) {
      JsonArray at = new JsonArray();
      for (int i = 0; i < spans.length; i += 2) {
        at.add(new JsonArray().add(spans[i]).add(spans[i + 1]));
      }
      return new JsonObject().put("n", n).put("text", text).put("at", at);
    }

    JsonObject toJson() {
      JsonObject out = new JsonObject().put("matches", matches).put("truncated", stoppedBy != null);
      if (stoppedBy != null) {
        // Stopped at a match that did not fit: every line before it was searched.
        long next = "time".equals(stoppedBy) ? searched
            : matches.getJsonObject(matches.size() - 1).getLong("n");
        out.put("stoppedBy", stoppedBy).put("nextAfter", next);
      }
      return out;
    }
  }
}
