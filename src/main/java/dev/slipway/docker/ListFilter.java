package dev.slipway.docker;

import dev.slipway.bus.Bus;
import dev.slipway.domain.BadRequest;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Locale;

/**
 * Which of the engine's containers or images a list shows: everything, what this Slipway made, or what it made for
 * the user asking. Works on the views of {@link DockerViews}, which say {@code slipway} and {@code user}.
 */
enum ListFilter {
  ALL, SLIPWAY, MINE;

  /** The views {@code msg} asks for: its body's {@code filter}, for the user its header names. */
  static JsonArray apply(Message<JsonObject> msg, JsonArray views) {
    Object filter = msg.body().getValue("filter");
    return parse(filter == null ? null : String.valueOf(filter)).keep(views, msg.headers().get(Bus.USER_HEADER));
  }

  /** Absent or blank is {@code all}; anything unknown is a 400. */
  static ListFilter parse(String text) {
    if (text == null || text.isBlank()) {
      return ALL;
    }
    for (ListFilter filter : values()) {
      if (filter.wire().equals(text.trim().toLowerCase(Locale.ROOT))) {
        return filter;
      }
    }
    throw new BadRequest("filter must be mine, slipway or all, not '" + text + "'");
  }

  String wire() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** {@code user} is who asks; without one, nothing is theirs. */
  JsonArray keep(JsonArray views, String user) {
    JsonArray kept = new JsonArray();
    for (Object o : views) {
      JsonObject view = (JsonObject) o;
      boolean slipway = view.getBoolean("slipway", false);
      boolean keep = switch (this) {
        case ALL -> true;
        case SLIPWAY -> slipway;
        case MINE -> slipway && user != null && user.equals(view.getString("user"));
      };
      if (keep) {
        kept.add(view);
      }
    }
    return kept;
  }
}
