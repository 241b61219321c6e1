package dev.slipway.web;

import io.vertx.core.MultiMap;
import io.vertx.core.json.JsonObject;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A build, launch or run form that Slipway refused, to show again: the refusal's status and message, the fields it
 * names (as the API names them, see {@link FormErrors}), and what the user entered (never a secret's value). A
 * refusal of the node the form pinned is the Node field's.
 *
 * @param error   the refusal's message, shown above the form when it names no field
 * @param fields  each field's message
 * @param entered the fields as the user filled them in ({@link FormInput#entered})
 */
record FormRefusal(int status, String error, Map<String, String> fields, JsonObject entered) {
  /**
   * @param unreadable the lines the form could not read ({@link FormInput#keyValues(String, String, String, Map)}):
   *                   their message replaces the server's about the stand-in name they were sent as
   */
  static FormRefusal of(Throwable e, MultiMap form, JsonObject entered, Map<String, String> unreadable) {
    HttpError error = HttpError.of(e);
    Map<String, String> fields = new LinkedHashMap<>();
    unreadable.forEach(fields::put);
    error.fields().forEach((field, message) -> {
      String bare = field.startsWith("run.") ? field.substring(4) : field;
      if (!unreadable.containsKey(bare)) {
        fields.put(field, message);
      }
    });
    if (NodeChoice.refusesPin(form.get(NodeChoice.FIELD), error.message())) {
      fields.put("node", error.message());
    }
    return new FormRefusal(error.status(), error.message(), fields, entered);
  }

  static FormRefusal of(Throwable e, MultiMap form, String kind, Map<String, String> unreadable) {
    return of(e, form, FormInput.entered(form, kind), unreadable);
  }

  /** A refusal with nothing to fill in again. */
  static FormRefusal of(Throwable e) {
    HttpError error = HttpError.of(e);
    return new FormRefusal(error.status(), error.message(), error.fields(), null);
  }

  /** The message above the form: null when every problem is shown next to its field (and in the summary). */
  String banner() {
    return fields.isEmpty() ? error : null;
  }

  String nodeError() {
    return fields.get("node");
  }

  /** The app whose form was refused, or null. */
  String app() {
    return entered == null ? null : entered.getString("app");
  }
}
