package dev.slipway.web;

import io.vertx.core.MultiMap;
import io.vertx.core.json.JsonObject;

/**
 * A build, launch or run form that Slipway refused, to show again: the refusal's status and message, and what the
 * user entered (never a secret's value). A refusal of the node the form pinned shows next to the Node field, the
 * rest above the form.
 *
 * @param error     the message above the form, or null
 * @param nodeError the message next to the Node field, or null
 * @param entered   the fields as the user filled them in ({@link FormInput#entered})
 */
record FormRefusal(int status, String error, String nodeError, JsonObject entered) {
  static FormRefusal of(Throwable e, MultiMap form, String kind) {
    HttpError error = HttpError.of(e);
    JsonObject entered = FormInput.entered(form, kind);
    return NodeChoice.refusesPin(form.get(NodeChoice.FIELD), error.message())
        ? new FormRefusal(error.status(), null, error.message(), entered)
        : new FormRefusal(error.status(), error.message(), null, entered);
  }

  /** A refusal with nothing to fill in again (an upload: its file is gone). */
  static FormRefusal of(Throwable e) {
    HttpError error = HttpError.of(e);
    return new FormRefusal(error.status(), error.message(), null, null);
  }

  /** The app whose form was refused, or null. */
  String app() {
    return entered == null ? null : entered.getString("app");
  }
}
