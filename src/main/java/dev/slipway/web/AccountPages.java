package dev.slipway.web;

import dev.slipway.auth.Accounts;
import dev.slipway.auth.Authenticator;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.util.HashMap;
import java.util.Map;

/** The signed-in user's own page: change the password, make and revoke personal API tokens. */
final class AccountPages {
  private static final Map<String, String> DONE = Map.of(
      "password", "Your password is changed; your other sessions have ended.",
      "revoked", "The token is revoked.");

  private final Templates templates;
  private final Accounts accounts;

  AccountPages(Templates templates, Accounts accounts) {
    this.templates = templates;
    this.accounts = accounts;
  }

  void mount(Router router) {
    BodyHandler form = BodyHandler.create(false).setBodyLimit(16 * 1024);
    router.get("/account").handler(ctx -> show(ctx, 200, DONE.get(String.valueOf(ctx.queryParams().get("done"))),
        null, null));
    router.post("/account/password").handler(form).handler(this::changePassword);
    router.post("/account/tokens").handler(form).handler(ctx -> accounts.createToken(Authentication.actor(ctx),
            ctx.request().getFormAttribute("name"))
        // The one time the token is shown: in this answer, not behind a redirect that a reload would repeat.
        .onSuccess(token -> show(ctx, 201, null, null, token))
        .onFailure(e -> showError(ctx, e)));
    router.post("/account/tokens/:id/revoke").handler(form).handler(this::revoke);
  }

  /** Asks first ({@link Confirmation}), naming the token; one that is not the caller's is refused as before. */
  private void revoke(RoutingContext ctx) {
    String id = ctx.pathParam("id");
    if (Confirmation.confirmed(ctx)) {
      accounts.revokeToken(Authentication.actor(ctx), id)
          .onSuccess(v -> Pages.redirect(ctx, "/account?done=revoked"))
          .onFailure(e -> showError(ctx, e));
      return;
    }
    accounts.tokens(Authentication.actor(ctx)).onSuccess(tokens -> {
      JsonObject token = tokens.stream().filter(t -> id.equals(t.getString("id"))).findFirst().orElse(null);
      if (token == null) {
        show(ctx, 404, null, "There is no such token of yours.", null);
        return;
      }
      Confirmation.ask(templates, ctx, "Revoke a token", "Revoke the token " + token.getString("name")
          + "? Scripts that use it are refused from then on.", "/account/tokens/" + id + "/revoke", Map.of(),
          "Revoke token " + token.getString("name"), "/account");
    }).onFailure(ctx::fail);
  }

  private void changePassword(RoutingContext ctx) {
    String password = ctx.request().getFormAttribute("password");
    if (password == null || !password.equals(ctx.request().getFormAttribute("confirm"))) {
      show(ctx, 400, null, "The new password and its repetition differ.", null);
      return;
    }
    accounts.changeUser(Authentication.actor(ctx), Authentication.caller(ctx).user(), null, password,
            ctx.request().getFormAttribute("current"))
        .onSuccess(user -> Pages.redirect(ctx, "/account?done=password"))
        .onFailure(e -> showError(ctx, e));
  }

  private void showError(RoutingContext ctx, Throwable e) {
    if (e instanceof Authenticator.TooManyAttempts tooMany) {
      ctx.response().putHeader("Retry-After", String.valueOf(tooMany.retryAfterSeconds()));
    }
    HttpError error = HttpError.of(e);
    show(ctx, error.status(), null, error.message(), null);
  }

  private void show(RoutingContext ctx, int status, String message, String error, JsonObject newToken) {
    accounts.tokens(Authentication.actor(ctx)).onSuccess(tokens -> {
      Map<String, Object> params = new HashMap<>();
      params.put("caller", Authentication.caller(ctx));
      params.put("tokens", tokens);
      params.put("message", message);
      params.put("error", error);
      params.put("newToken", newToken);
      Pages.respond(templates, ctx, status, "Your account", "account.jte", params);
    }).onFailure(ctx::fail);
  }
}
