package dev.slipway.web;

import dev.slipway.apps.AppCatalog;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Set;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An app's own page ({@code GET /apps/{name}}: its Build/Launch form with the run settings it declares, and its
 * Dockerfile advice), and where a refused Build or Launch form shows again: every error next to its field (a required
 * secret left empty among them), with everything else that was typed (never a secret's value).
 */
final class AppPages {
  private static final List<String> KEPT = List.of("app", "tag", "buildArgs", "name", "ports", "env", "command",
      "volumes", "restartPolicy", "memory", "cpus", "node");

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

  /**
   * The app's page with its refused form, at the app's address (a page to reload): what was typed (never a secret's
   * value) and every error next to its field. {@code otherwise} answers when the app cannot be described (gone).
   */
  void refused(RoutingContext ctx, FormRefusal refused, NodeChoice nodes, Runnable otherwise) {
    String name = refused.app();
    if (name == null) {
      otherwise.run();
      return;
    }
    // Blocking: the app's files are read off the event loop.
    vertx.executeBlocking(() -> apps.describe(name), false).onComplete(described -> {
      if (described.failed()) {
        otherwise.run();
        return;
      }
      JsonObject app = described.result();
      Set<String> declared = new HashSet<>();
      app.getJsonArray("secrets", new JsonArray()).forEach(s -> declared.add(((JsonObject) s).getString("name")));
      FormErrors errors = FormErrors.of("app-" + app.getString("name") + "-", refused.fields(), declared);
      String verb = "launch".equals(refused.entered().getString("kind")) ? "Not launched: " : "Not built: ";
      Map<String, Object> params = params(app, refused.entered(), errors.byField(),
          refused.banner() == null ? null : verb + refused.banner());
      params.put("problems", errors);
      params.put("verb", verb);
      params.put("nodes", nodes);
      // The app's name passed the catalog's check (letters, digits, . _ -): safe in a header, and a page to reload.
      ctx.response().putHeader("HX-Push-Url", "/apps/" + app.getString("name"));
      Pages.respond(templates, ctx, refused.status(), verb.startsWith("Not launched") ? "Launch " + name
          : "Build " + name, "appPage.jte", params);
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
  static JsonObject entered(MultiMap form, String kind) {
    JsonObject entered = new JsonObject().put("kind", kind).put("noCache", form.contains("noCache"));
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
