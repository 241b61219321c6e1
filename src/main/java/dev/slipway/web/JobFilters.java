package dev.slipway.web;

import io.vertx.core.MultiMap;
import io.vertx.core.json.JsonObject;
import java.util.List;

/**
 * The history's filters as a URL holds them ({@code ?kind=&state=&user=&node=&target=&q=&page=&size=}), turned into the
 * body of a {@code Bus.LIST} request. The jobs owner checks the values ({@code JobQuery.from}), so a wrong kind or
 * page is its 400, said once.
 */
final class JobFilters {
  /** The filters a user sets, in the order the form shows them. */
  static final List<String> NAMES = List.of("kind", "state", "user", "node", "target", "q");

  private JobFilters() {
  }

  /** {@code size} null: the query's own {@code size} (the API); else this size whatever the query says (the page). */
  static JsonObject listRequest(MultiMap query, Integer size) {
    JsonObject body = new JsonObject();
    for (String name : NAMES) {
      String value = query.get(name);
      if (value != null && !value.isBlank()) {
        body.put(name, value.strip());
      }
    }
    putIfSet(body, "page", query.get("page"));
    if (size != null) {
      body.put("size", size);
    } else {
      putIfSet(body, "size", query.get("size"));
    }
    return body;
  }

  private static void putIfSet(JsonObject body, String name, String value) {
    if (value != null && !value.isBlank()) {
      body.put(name, value.strip());
    }
  }
}
