package dev.slipway.web;

import io.vertx.ext.web.RoutingContext;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Every removal from the dashboard asks first. Without JavaScript the button's POST answers with a page
 * ({@code confirm.jte}) that says what would go and holds a second form carrying {@code confirm=yes}; with htmx the
 * button's {@code hx-confirm} asks in a dialog and its {@code hx-vals} sends {@code confirm=yes} itself. Only a request
 * with {@code confirm=yes} removes anything.
 */
final class Confirmation {
  private Confirmation() {
  }

  static boolean confirmed(RoutingContext ctx) {
    return "yes".equals(ctx.request().getFormAttribute("confirm"));
  }

  /**
   * Answers the confirmation page: {@code question} says what goes, {@code button} is the second form's button (the
   * action in words), {@code fields} the form's fields to send again, {@code back} where Cancel goes.
   */
  static void ask(Templates templates, RoutingContext ctx, String title, String question, String action,
                  Map<String, String> fields, String button, String back) {
    Map<String, Object> params = new HashMap<>();
    params.put("title", title);
    params.put("question", question);
    params.put("action", action);
    Map<String, String> kept = new LinkedHashMap<>();
    fields.forEach((name, value) -> {
      if (value != null) {
        kept.put(name, value);
      }
    });
    params.put("fields", kept);
    params.put("button", button);
    params.put("back", back);
    Pages.respond(templates, ctx, 200, title, "confirm.jte", params);
  }
}
