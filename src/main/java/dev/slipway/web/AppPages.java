package dev.slipway.web;

import dev.slipway.apps.AppCatalog;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An app's own page ({@code GET /apps/{name}}: its Build/Launch form with the run settings it declares, and its
 * Dockerfile advice), and the dashboard's Launch checked against the secrets the app requires, so a refusal is shown
 * next to the secret's field with everything else that was typed (never a secret's value). The jobs verticle refuses
 * such a launch too, for the REST and event-bus APIs; this check only puts the answer where the user looks.
 */
final class AppPages {
  private static final List<String> KEPT = List.of("app", "tag", "buildArgs", "name", "ports", "env", "command",
      "volumes", "restartPolicy", "memory", "cpus");

  private final Vertx vertx;
  private final Templates templates;
  private final AppCatalog apps;

  AppPages(Vertx vertx, Templates templates, AppCatalog apps) {
    this.vertx = vertx;
    this.templates = templates;
    this.apps = apps;
  }

  void show(RoutingContext ctx) {
    vertx.executeBlocking(() -> apps.describe(ctx.pathParam("name")), false)
        .onSuccess(app -> Pages.respond(templates, ctx, 200, app.getString("name"), "appPage.jte",
            params(app, null, null, null)))
        .onFailure(ctx::fail);
  }

  /** Runs {@code submit} unless a secret the app requires is missing; then the app's page answers 400 instead. */
  void launch(RoutingContext ctx, Runnable submit) {
    MultiMap form = ctx.request().formAttributes();
    String name = form.get("app");
    if (name == null) {
      submit.run();
      return;
    }
    // Blocking: the app's files are read off the event loop.
    vertx.executeBlocking(() -> apps.describe(name), false).onComplete(described -> {
      // An app that cannot be described (unknown, say) is the jobs verticle's to refuse, as for any launch.
      Map<String, String> errors = described.succeeded() ? missingSecrets(described.result(), form) : Map.of();
      if (errors.isEmpty()) {
        submit.run();
        return;
      }
      JsonObject app = described.result();
      // The app's name passed the catalog's check (letters, digits, . _ -): safe in a header, and a page to reload.
      ctx.response().putHeader("HX-Push-Url", "/apps/" + app.getString("name"));
      Pages.respond(templates, ctx, 400, "Launch " + app.getString("name"), "appPage.jte", params(app, entered(form),
          errors, "Not launched: " + String.join(" ", errors.values())));
    });
  }

  /** Error messages by {@code secretEnv.NAME}, for each required secret the form leaves empty. */
  static Map<String, String> missingSecrets(JsonObject app, MultiMap form) {
    JsonObject given = FormInput.declared(form, "Secret").mergeIn(FormInput.secrets(form));
    Map<String, String> errors = new LinkedHashMap<>();
    for (Object item : app.getJsonArray("secrets", new JsonArray())) {
      JsonObject secret = (JsonObject) item;
      String name = secret.getString("name");
      if (secret.getBoolean("required", false) && given.getString(name, "").isBlank()) {
        errors.put("secretEnv." + name, name + " is required to launch " + app.getString("name") + ": enter it.");
      }
    }
    return errors;
  }

  /** What was typed, as the app's form reads it back; secret values are never sent back, only their names. */
  private static JsonObject entered(MultiMap form) {
    JsonObject entered = new JsonObject().put("kind", "launch").put("noCache", form.contains("noCache"));
    KEPT.forEach(field -> entered.put(field, form.get(field)));
    entered.put("secretNames", new JsonArray(form.getAll("secretName").stream().filter(n -> !n.isBlank()).toList()));
    JsonObject declaredEnv = new JsonObject();
    List<String> names = form.getAll("declaredEnvName");
    List<String> values = form.getAll("declaredEnvValue");
    for (int i = 0; i < names.size() && i < values.size(); i++) {
      declaredEnv.put(names.get(i), values.get(i));
    }
    return entered.put("declaredEnv", declaredEnv);
  }

  private static Map<String, Object> params(JsonObject app, JsonObject form, Map<String, String> errors, String error) {
    Map<String, Object> params = new HashMap<>();
    params.put("app", app);
    params.put("form", form);
    params.put("errors", errors);
    params.put("error", error);
    return params;
  }
}
