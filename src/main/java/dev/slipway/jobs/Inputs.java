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
      // Strings only: a number or true would reach the container as text nobody wrote.
      if (!(entry.getValue() instanceof String text)) {
        // The value itself is never repeated: it may be a secret.
        throw new BadRequest("the value of " + what + " " + entry.getKey() + " must be a JSON string, not "
            + kind(entry.getValue(), false));
      }
      if (text.indexOf('\0') >= 0) {
        throw new BadRequest("the value of " + what + " " + entry.getKey() + " contains a NUL character");
      }
      out.put(entry.getKey(), text);
    }
    return out;
  }

  /** An optional text field: absent or null is null; a number, a list or an object is refused, never converted. */
  static String string(JsonObject body, String field) {
    Object raw = body.getValue(field);
    if (raw == null || raw instanceof String) {
      return (String) raw;
    }
    throw new BadRequest(field + " must be a JSON string, not " + kind(raw, true));
  }

  /** An optional object field, such as a launch's run settings. */
  static JsonObject object(JsonObject body, String field) {
    Object raw = body.getValue(field);
    if (raw == null || raw instanceof JsonObject) {
      return (JsonObject) raw;
    }
    throw new BadRequest(field + " must be a JSON object, not " + kind(raw, true));
  }

  private static String kind(Object value, boolean showNumber) {
    if (value == null) {
      return "null";
    }
    if (value instanceof JsonObject) {
      return "an object";
    }
    if (value instanceof io.vertx.core.json.JsonArray) {
      return "a list";
    }
    return value instanceof Boolean ? "true or false" : value instanceof Number ? (showNumber ? "a number (" + value + ")" : "a number")
        : "a " + value.getClass().getSimpleName();
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
