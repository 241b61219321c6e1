package dev.slipway.logs;

import dev.slipway.domain.BadRequest;
import io.vertx.core.json.JsonObject;

/**
 * A search in a job's log, as the event bus carries it: {@code {"q", "regex"?, "matchCase"?, "after"?, "limit"?}}.
 * {@code q} is a text, or a Java regular expression when {@code regex}; any case unless {@code matchCase}; the lines
 * after line {@code after} (default 0: all), at most {@code limit} matching lines (1 to {@value #MAX_LIMIT}, the
 * default).
 */
public record LogQuery(String q, boolean regex, boolean matchCase, long after, int limit) {
  public static final int MAX_LIMIT = 1000;
  /** Longer than any text worth searching for, short enough that a literal search stays cheap on a long line. */
  public static final int MAX_QUERY = 1000;

  public LogQuery {
    if (q == null || q.isEmpty()) {
      throw new BadRequest("give the text to search for (q)");
    }
    if (q.length() > MAX_QUERY) {
      throw new BadRequest("q is too long: at most " + MAX_QUERY + " characters");
    }
    if (after < 0) {
      throw new BadRequest("after must be a line number (0 or more)");
    }
    if (limit < 1 || limit > MAX_LIMIT) {
      throw new BadRequest("limit must be 1 to " + MAX_LIMIT);
    }
  }

  /** The query of a bus request body; a 400 naming what is wrong. */
  public static LogQuery from(JsonObject body) {
    try {
      return new LogQuery(body.getString("q"), body.getBoolean("regex", false), body.getBoolean("matchCase", false),
          body.getLong("after", 0L), body.getInteger("limit", MAX_LIMIT));
    } catch (ClassCastException e) {
      throw new BadRequest("q is text, regex and matchCase true or false, after and limit numbers");
    }
  }

  public JsonObject toJson() {
    return new JsonObject().put("q", q).put("regex", regex).put("matchCase", matchCase).put("after", after)
        .put("limit", limit);
  }

  /** The matcher for this query (a 400 when the regular expression does not compile). */
  public LineMatcher matcher() {
    return LineMatcher.of(q, regex, matchCase);
  }
}
