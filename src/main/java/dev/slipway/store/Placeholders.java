package dev.slipway.store;

/**
 * Slipway's SQL is written once, with JDBC's {@code ?} placeholders, for H2 and PostgreSQL alike; PostgreSQL's
 * protocol (and so vertx-pg-client) numbers them: {@code $1, $2, …}. This turns the one into the other, leaving
 * alone a {@code ?} inside a quoted literal, a quoted name or a comment. SQL without a {@code ?} (PostgreSQL-only SQL
 * written with {@code $n} already) comes back as it is.
 */
public final class Placeholders {
  private Placeholders() {
  }

  public static String numbered(String sql) {
    if (sql.indexOf('?') < 0) {
      return sql;
    }
    StringBuilder out = new StringBuilder(sql.length() + 16);
    int n = 0;
    int i = 0;
    while (i < sql.length()) {
      char c = sql.charAt(i);
      int end = skipQuotedOrComment(sql, i);
      if (end > i) {
        out.append(sql, i, end);
        i = end;
      } else if (c == '?') {
        out.append('$').append(++n);
        i++;
      } else {
        out.append(c);
        i++;
      }
    }
    return out.toString();
  }

  /** Where the literal, quoted name or comment starting at {@code i} ends (past it); {@code i} when none starts. */
  private static int skipQuotedOrComment(String sql, int i) {
    char c = sql.charAt(i);
    if (c == '\'' || c == '"') {
      // A doubled quote inside ('it''s') is part of the text: the loop simply goes on to the next quote.
      int j = i + 1;
      while (j < sql.length()) {
        if (sql.charAt(j) == c) {
          if (j + 1 < sql.length() && sql.charAt(j + 1) == c) {
            j += 2;
            continue;
          }
          return j + 1;
        }
        j++;
      }
      return sql.length();
    }
    if (sql.startsWith("--", i)) {
      int newline = sql.indexOf('\n', i);
      return newline < 0 ? sql.length() : newline + 1;
    }
    if (sql.startsWith("/*", i)) {
      int close = sql.indexOf("*/", i + 2);
      return close < 0 ? sql.length() : close + 2;
    }
    return i;
  }
}
