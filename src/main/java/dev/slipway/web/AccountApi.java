package dev.slipway.web;

import dev.slipway.audit.AuditPages;
import dev.slipway.auth.Accounts;
import dev.slipway.domain.BadRequest;
import dev.slipway.domain.Caller;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import java.util.Set;

/**
 * The REST API for accounts: users (admins), the caller's own API tokens and password, who am I, and the audit log.
 * Mounted after {@link ApiRoutes}, whose {@code /api/*} handler reads the JSON bodies.
 */
final class AccountApi {
  private final Accounts accounts;
  private final AuditPages audit;

  AccountApi(Accounts accounts, AuditPages audit) {
    this.accounts = accounts;
    this.audit = audit;
  }

  void mount(Router router) {
    router.get("/api/me").handler(ctx -> {
      Caller caller = Authentication.caller(ctx);
      reply(ctx, 200, Future.succeededFuture(new JsonObject().put("name", caller.user())
          .put("role", caller.role().wire())));
    });
    router.get("/api/users").handler(ctx -> reply(ctx, 200, accounts.users(Authentication.actor(ctx))
        .map(JsonArray::new)));
    router.post("/api/users").handler(ctx -> reply(ctx, 201, strictBody(ctx, "name", "password", "role")
        .compose(b -> accounts.createUser(Authentication.actor(ctx), b.getValue("name"), b.getValue("password"),
            b.getValue("role")))));
    router.patch("/api/users/:name").handler(ctx -> reply(ctx, 200,
        strictBody(ctx, "role", "password", "currentPassword").compose(b -> accounts.changeUser(
            Authentication.actor(ctx), ctx.pathParam("name"), b.getValue("role"), b.getValue("password"),
            b.getValue("currentPassword")))));
    router.delete("/api/users/:name").handler(ctx -> noContent(ctx,
        accounts.deleteUser(Authentication.actor(ctx), ctx.pathParam("name"))));
    router.get("/api/tokens").handler(ctx -> reply(ctx, 200, accounts.tokens(Authentication.actor(ctx))
        .map(JsonArray::new)));
    router.post("/api/tokens").handler(ctx -> reply(ctx, 201, strictBody(ctx, "name")
        .compose(b -> accounts.createToken(Authentication.actor(ctx), b.getValue("name")))));
    router.delete("/api/tokens/:id").handler(ctx -> noContent(ctx,
        accounts.revokeToken(Authentication.actor(ctx), ctx.pathParam("id"))));
    router.get("/api/audit").handler(ctx -> reply(ctx, 200, Future.succeededFuture()
        .compose(v -> audit.page(number(ctx, "page", 1), number(ctx, "size", AuditPages.DEFAULT_SIZE)))));
  }

  /** A JSON object with no field outside {@code allowed}: a misspelt field is an error, never silently ignored. */
  static Future<JsonObject> strictBody(RoutingContext ctx, String... allowed) {
    return ApiRoutes.body(ctx).compose(body -> {
      Set<String> known = Set.of(allowed);
      List<String> unknown = body.fieldNames().stream().filter(f -> !known.contains(f)).sorted().toList();
      return unknown.isEmpty() ? Future.succeededFuture(body) : Future.failedFuture(new BadRequest(
          "unknown field" + (unknown.size() > 1 ? "s " : " ") + String.join(", ", unknown) + ": this takes "
              + String.join(", ", allowed)));
    });
  }

  private static int number(RoutingContext ctx, String name, int fallback) {
    String raw = ctx.queryParams().get(name);
    if (raw == null || raw.isBlank()) {
      return fallback;
    }
    if (!raw.trim().matches("\\d{1,9}")) {
      throw new BadRequest(name + " must be a whole number");
    }
    return Integer.parseInt(raw.trim());
  }

  private static void reply(RoutingContext ctx, int status, Future<?> result) {
    result.onSuccess(value -> ctx.response().setStatusCode(status)
            .putHeader("Content-Type", "application/json; charset=utf-8")
            .end(value instanceof JsonObject o ? o.encode() : ((JsonArray) value).encode()))
        .onFailure(ctx::fail);
  }

  private static void noContent(RoutingContext ctx, Future<?> result) {
    result.onSuccess(v -> ctx.response().setStatusCode(204).end()).onFailure(ctx::fail);
  }
}
