package dev.slipway.web;

import dev.slipway.domain.BadRequest;
import io.vertx.core.MultiMap;
import io.vertx.core.json.JsonObject;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * A log search as a URL holds it ({@code ?q=TEXT&regex=true&matchCase=true&after=N&limit=N}), turned into the body
 * of a {@code Bus.SEARCH} request; the jobs owner checks the values ({@code LogQuery}). A checkbox that is not ticked
 * is not sent, so a flag that is missing is false.
 */
final class SearchParams {
  private SearchParams() {
  }

  /** Whether the URL asks for a search at all. */
  static boolean asked(MultiMap query) {
    return query.contains("q");
  }

  static JsonObject body(MultiMap query) {
    JsonObject body = new JsonObject().put("q", query.get("q") == null ? "" : query.get("q"))
        .put("regex", flag(query, "regex")).put("matchCase", flag(query, "matchCase"));
    putNumber(body, query, "after");
    putNumber(body, query, "limit");
    return body;
  }

  /** The query string of a search (its {@code after} too when it goes on from a line), for links and the URL bar. */
  static String queryString(JsonObject body) {
    StringBuilder out = new StringBuilder("?q=").append(URLEncoder.encode(body.getString("q"), StandardCharsets.UTF_8));
    if (body.getBoolean("regex", false)) {
      out.append("&regex=true");
    }
    if (body.getBoolean("matchCase", false)) {
      out.append("&matchCase=true");
    }
    if (body.getLong("after", 0L) > 0) {
      out.append("&after=").append(body.getLong("after"));
    }
    return out.toString();
  }

  private static boolean flag(MultiMap query, String name) {
    String value = query.get(name);
    if (value == null || value.isEmpty()) {
      return false;
    }
    return switch (value.toLowerCase(Locale.ROOT)) {
      case "true", "1", "on" -> true;
      case "false", "0", "off" -> false;
      default -> throw new BadRequest(name + " must be true or false, not '" + value + "'");
    };
  }

  private static void putNumber(JsonObject body, MultiMap query, String name) {
    String value = query.get(name);
    if (value == null || value.isBlank()) {
      return;
    }
    if (!value.strip().matches("\\d{1,9}")) {
      throw new BadRequest(name + " must be a whole number (0 or more), not '" + value + "'");
    }
    body.put(name, Long.parseLong(value.strip()));
  }
}
