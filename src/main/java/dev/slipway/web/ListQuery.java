package dev.slipway.web;

import dev.slipway.domain.ContainerState;
import dev.slipway.domain.BadRequest;
import io.vertx.core.MultiMap;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.StringJoiner;

/**
 * What the Images and Containers lists show, as their URL says ({@code ?filter=&q=&state=&node=}), for the pages and
 * {@code GET /api/images|containers} alike. {@code filter} (mine, slipway, all) goes to each worker, which knows who
 * "mine" is; text, state and node are applied here to the merged list, so every node is filtered the same way.
 *
 * @param filter mine, slipway or all (absent: all)
 * @param q      text every item shown contains (case ignored): in a tag or id of an image; in the name, image, id,
 *               job or user of a container; null for none
 * @param state  a container's engine state ({@link #STATES}); null for any
 * @param node   the node that lists the item; null for any
 */
public record ListQuery(String filter, String q, String state, String node) {
  public static final List<String> FILTERS = List.of("mine", "slipway", "all");
  /** The engine's container states, the first two being the ones the page offers first. */
  public static final List<String> STATES = ContainerState.WIRE_NAMES;
  static final int MAX_TEXT = 200;

  /** The query of a list's URL (or a form); a wrong value is a 400 that names it. */
  static ListQuery from(MultiMap params) {
    String filter = blankToNull(params.get("filter"));
    if (filter != null && !FILTERS.contains(filter.toLowerCase(Locale.ROOT))) {
      throw new BadRequest("filter must be mine, slipway or all, not '" + filter + "'");
    }
    String q = blankToNull(params.get("q"));
    if (q != null && q.length() > MAX_TEXT) {
      throw new BadRequest("q (the text to look for) must be " + MAX_TEXT + " characters or fewer");
    }
    String state = blankToNull(params.get("state"));
    if (state != null && !STATES.contains(state.toLowerCase(Locale.ROOT))) {
      throw new BadRequest("state must be one of " + String.join(", ", STATES) + ", not '" + state + "'");
    }
    String node = blankToNull(params.get("node"));
    if (node != null && !node.matches("[A-Za-z0-9._-]{1,64}")) {
      throw new BadRequest("node must be a node's name (letters, digits, '.', '_', '-'), not '" + node + "'");
    }
    return new ListQuery(filter == null ? "all" : filter.toLowerCase(Locale.ROOT), q,
        state == null ? null : state.toLowerCase(Locale.ROOT), node);
  }

  /** A list's query kept in a form's hidden field ({@code back}), read back strictly: what is wrong is dropped. */
  static ListQuery fromKept(String kept) {
    MultiMap params = MultiMap.caseInsensitiveMultiMap();
    if (kept != null && kept.length() <= 4096) {
      new io.netty.handler.codec.http.QueryStringDecoder(kept, false).parameters()
          .forEach((name, values) -> params.add(name, values));
    }
    try {
      return from(params);
    } catch (BadRequest wrong) {
      return new ListQuery("all", null, null, null);
    }
  }

  /** The body of a worker's list request. */
  JsonObject workerRequest() {
    return new JsonObject().put("filter", filter);
  }

  /** Whether the list is narrowed by more than the default (all). */
  public boolean narrowed() {
    return !"all".equals(filter) || q != null || state != null || node != null;
  }

  /** The items of a merged list this query keeps ({@code key}: images or containers). */
  JsonArray keep(JsonArray items, String key) {
    String needle = q == null ? null : q.toLowerCase(Locale.ROOT);
    JsonArray kept = new JsonArray();
    for (Object o : items) {
      JsonObject item = (JsonObject) o;
      boolean keep = (node == null || node.equals(item.getString("node")))
          && (state == null || state.equals(item.getString("state")))
          && (needle == null || text(item, key).contains(needle));
      if (keep) {
        kept.add(item);
      }
    }
    return kept;
  }

  private static String text(JsonObject item, String key) {
    StringJoiner text = new StringJoiner("\n");
    text.add(String.valueOf(item.getString("id")));
    if ("images".equals(key)) {
      item.getJsonArray("tags", new JsonArray()).forEach(t -> text.add(String.valueOf(t)));
    } else {
      for (String field : List.of("name", "image", "jobId", "user")) {
        text.add(String.valueOf(item.getString(field)));
      }
    }
    return text.toString().toLowerCase(Locale.ROOT);
  }

  /** {@code filter=mine&q=…} (without the default filter), URL-encoded; empty for the whole list. */
  public String queryString() {
    StringJoiner query = new StringJoiner("&");
    if (!"all".equals(filter)) {
      query.add("filter=" + filter);
    }
    add(query, "q", q);
    add(query, "state", state);
    add(query, "node", node);
    return query.toString();
  }

  /** {@code path} with this query: the list as the user filtered it. */
  public String url(String path) {
    String query = queryString();
    return query.isEmpty() ? path : path + "?" + query;
  }

  /** The same query showing {@code filter} instead. */
  public String withFilter(String other) {
    return new ListQuery(other, q, state, node).queryString();
  }

  private static void add(StringJoiner query, String name, String value) {
    if (value != null) {
      query.add(name + "=" + URLEncoder.encode(value, StandardCharsets.UTF_8));
    }
  }

  private static String blankToNull(String value) {
    return value == null || value.isBlank() ? null : value.strip();
  }
}
