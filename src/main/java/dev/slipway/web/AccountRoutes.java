package dev.slipway.web;

import dev.slipway.audit.AuditLog;
import dev.slipway.audit.AuditPages;
import dev.slipway.auth.Accounts;
import dev.slipway.auth.ApiTokens;
import dev.slipway.auth.Authenticator;
import dev.slipway.auth.LoginThrottle;
import dev.slipway.auth.Sessions;
import dev.slipway.auth.Users;
import dev.slipway.store.Database;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.Pool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Accounts on the web side: the authentication in front of every route, and the account API and pages. */
final class AccountRoutes {
  private static final Logger LOG = LoggerFactory.getLogger(AccountRoutes.class);
  private static final long SWEEP_MS = 10 * 60_000L;

  private final Vertx vertx;
  private final Pool db;
  private final Sessions sessions;
  private final LoginThrottle throttle = new LoginThrottle(System::currentTimeMillis);
  private final Authentication authentication;
  private final AccountApi api;
  private final LoginPages login;
  private final AccountPages account;
  private final AdminPages admin;
  private final long sweeper;

  AccountRoutes(Vertx vertx, JsonObject config, Templates templates) {
    this.vertx = vertx;
    this.db = Database.pool(vertx, config, 4, "sql-accounts");
    AuditLog audit = new AuditLog(db);
    AuditPages auditPages = new AuditPages(db);
    Users users = new Users(vertx, db);
    ApiTokens tokens = new ApiTokens(vertx, db);
    sessions = new Sessions(vertx, db);
    Authenticator authenticator = new Authenticator(vertx, users, tokens, throttle, audit);
    Accounts accounts = new Accounts(users, sessions, tokens, authenticator, audit);
    authentication = new Authentication(sessions, authenticator, audit);
    api = new AccountApi(accounts, auditPages);
    login = new LoginPages(templates, sessions, authenticator, audit);
    account = new AccountPages(templates, accounts);
    admin = new AdminPages(templates, accounts, auditPages);
    sweeper = vertx.setPeriodic(SWEEP_MS, t -> sweep());
  }

  /** Goes in front of every route except those that must answer anyone (health, static files, login). */
  Handler<RoutingContext> authentication() {
    return authentication;
  }

  /** After {@link ApiRoutes}, whose {@code /api/*} handler reads JSON bodies. */
  void mount(Router router) {
    api.mount(router);
    login.mount(router);
    account.mount(router);
    admin.mount(router);
  }

  Future<Void> close() {
    vertx.cancelTimer(sweeper);
    return db.close();
  }

  private void sweep() {
    throttle.prune();
    sessions.sweep().onSuccess(n -> {
      if (n > 0) {
        LOG.debug("ended {} expired sessions", n);
      }
    }).onFailure(e -> LOG.warn("could not sweep expired sessions: {}", e.getMessage()));
  }
}
