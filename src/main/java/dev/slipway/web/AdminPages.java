package dev.slipway.web;

import dev.slipway.audit.AuditPages;
import dev.slipway.auth.Accounts;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.util.HashMap;
import java.util.Map;

/** The admins' pages: users (create, change role, reset password, delete) and the audit log. */
final class AdminPages {
  private static final int AUDIT_PAGE = 50;
  private static final Map<String, String> DONE = Map.of(
      "created", "The user is created.", "role", "The role is changed.",
      "password", "The password is reset; that user's sessions have ended.", "deleted", "The user is deleted.");

  private final Templates templates;
  private final Accounts accounts;
  private final AuditPages audit;

  AdminPages(Templates templates, Accounts accounts, AuditPages audit) {
    this.templates = templates;
    this.accounts = accounts;
    this.audit = audit;
  }

  void mount(Router router) {
    BodyHandler form = BodyHandler.create(false).setBodyLimit(16 * 1024);
    router.get("/users").handler(ctx -> users(ctx, 200, DONE.get(String.valueOf(ctx.queryParams().get("done"))), null));
    router.post("/users").handler(form).handler(ctx -> done(ctx, "created", accounts.createUser(
        Authentication.actor(ctx), attribute(ctx, "name"), attribute(ctx, "password"), attribute(ctx, "role"))));
    router.post("/users/:name/role").handler(form).handler(ctx -> done(ctx, "role", accounts.changeUser(
        Authentication.actor(ctx), ctx.pathParam("name"), attribute(ctx, "role"), null, null)));
    router.post("/users/:name/password").handler(form).handler(ctx -> done(ctx, "password", accounts.changeUser(
        Authentication.actor(ctx), ctx.pathParam("name"), null, attribute(ctx, "password"),
        attribute(ctx, "current"))));
    router.post("/users/:name/delete").handler(form).handler(this::delete);
    router.get("/audit").handler(this::auditLog);
  }

  /** Asks first ({@link Confirmation}); the user must exist to be asked about. */
  private void delete(RoutingContext ctx) {
    String name = ctx.pathParam("name");
    if (Confirmation.confirmed(ctx)) {
      done(ctx, "deleted", accounts.deleteUser(Authentication.actor(ctx), name));
      return;
    }
    accounts.users(Authentication.actor(ctx)).onSuccess(list -> {
      if (list.stream().noneMatch(user -> name.equals(user.getString("name")))) {
        users(ctx, 404, null, "There is no user named " + name + ".");
        return;
      }
      Confirmation.ask(templates, ctx, "Delete a user", "Delete the user " + name + "? Their sessions end and their "
          + "API tokens are revoked; their jobs stay in the history.", "/users/" + name + "/delete", Map.of(),
          "Delete user " + name, "/users");
    }).onFailure(ctx::fail);
  }

  private void done(RoutingContext ctx, String what, Future<?> change) {
    change.onSuccess(v -> Pages.redirect(ctx, "/users?done=" + what)).onFailure(e -> {
      HttpError error = HttpError.of(e);
      users(ctx, error.status(), null, error.message());
    });
  }

  private void users(RoutingContext ctx, int status, String message, String error) {
    accounts.users(Authentication.actor(ctx)).onSuccess(list -> {
      Map<String, Object> params = new HashMap<>();
      params.put("users", list);
      params.put("self", Authentication.caller(ctx).user());
      params.put("message", message);
      params.put("error", error);
      Pages.respond(templates, ctx, status, "Users", "users.jte", params);
    }).onFailure(ctx::fail);
  }

  private void auditLog(RoutingContext ctx) {
    String raw = ctx.queryParams().get("page");
    int page = raw != null && raw.matches("\\d{1,6}") && Integer.parseInt(raw) > 0 ? Integer.parseInt(raw) : 1;
    audit.page(page, AUDIT_PAGE).onSuccess(result -> {
      long total = result.getLong("total");
      Map<String, Object> params = new HashMap<>();
      params.put("entries", result.getJsonArray("entries").stream().map(JsonObject.class::cast).toList());
      params.put("page", page);
      params.put("pages", Math.max(1, (total + AUDIT_PAGE - 1) / AUDIT_PAGE));
      params.put("total", total);
      Pages.respond(templates, ctx, 200, "Audit log", "audit.jte", params);
    }).onFailure(ctx::fail);
  }

  /** A form field, or null when absent: the same validation as the API then says what is missing. */
  private static String attribute(RoutingContext ctx, String name) {
    String value = ctx.request().getFormAttribute(name);
    return value == null || value.isEmpty() ? null : value;
  }
}
