package dev.slipway.jobs;

import dev.slipway.domain.Names;
import dev.slipway.domain.BadRequest;
import io.vertx.core.json.JsonObject;
import java.util.LinkedHashMap;
import java.util.Map;

/** Reads the loosely typed parts of a request body, refusing anything odd with a clear message. */
final class Inputs {
  private Inputs() {
  }

  /** An object of NAME: value pairs, NAME as an environment variable name, values as strings. */
  static Map<String, String> stringMap(JsonObject body, String field, String what) {
    Object raw = body.getValue(field);
    if (raw == null) {
      return Map.of();
    }
    if (!(raw instanceof JsonObject object)) {
      throw new BadRequest(field + " must be an object of NAME: value pairs");
    }
    Map<String, String> out = new LinkedHashMap<>();
    for (Map.Entry<String, Object> entry : object) {
      try {
        Names.envName(entry.getKey());
      } catch (BadRequest e) {
        throw new BadRequest("invalid " + what + " name '" + entry.getKey()
            + "': use letters, digits and _, not starting with a digit");
      }
      Object value = entry.getValue();
      if (value instanceof JsonObject || value instanceof io.vertx.core.json.JsonArray) {
        throw new BadRequest("the value of " + what + " " + entry.getKey() + " must be a string");
      }
      String text = value == null ? "" : String.valueOf(value);
      if (text.indexOf('\0') >= 0) {
        throw new BadRequest("the value of " + what + " " + entry.getKey() + " contains a NUL character");
      }
      out.put(entry.getKey(), text);
    }
    return out;
  }

  static boolean flag(JsonObject body, String field) {
    Object raw = body.getValue(field);
    if (raw == null) {
      return false;
    }
    if (raw instanceof Boolean b) {
      return b;
    }
    throw new BadRequest(field + " must be true or false");
  }
}
