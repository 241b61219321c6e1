package dev.slipway.auth;

import dev.slipway.audit.AuditLog;
import dev.slipway.domain.BadRequest;
import dev.slipway.domain.Caller;
import dev.slipway.domain.Role;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.function.Supplier;

/**
 * What users may do to accounts and tokens, and the audit record of each change: the REST API and the pages both
 * go through here, so the rules hold the same whichever way a request comes.
 */
public final class Accounts {
  /** Who asks, from which client address, with which session (null for HTTP Basic and tokens). */
  public record Actor(Caller caller, String address, String sessionHash) {
    String user() {
      return caller.user();
    }
  }

  private final Users users;
  private final Sessions sessions;
  private final ApiTokens tokens;
  private final Authenticator authenticator;
  private final AuditLog audit;

  public Accounts(Users users, Sessions sessions, ApiTokens tokens, Authenticator authenticator, AuditLog audit) {
    this.users = users;
    this.sessions = sessions;
    this.tokens = tokens;
    this.authenticator = authenticator;
    this.audit = audit;
  }

  public Future<List<JsonObject>> users(Actor by) {
    return attempt(() -> {
      by.caller().require(Role.ADMIN, "listing users");
      return users.list().map(list -> list.stream().map(Users.Account::toJson).toList());
    });
  }

  public Future<JsonObject> createUser(Actor by, Object name, Object password, Object role) {
    return attempt(() -> {
      by.caller().require(Role.ADMIN, "creating users");
      String valid = Users.validName(name);
      String secret = Users.validPassword(password);
      Role granted = Role.parse(role);
      return users.create(valid, secret, granted)
          .compose(account -> record(by, "user.create", valid, "role " + granted.wire()).map(v -> account.toJson()));
    });
  }

  /**
   * Changes a role (admins only; never the last admin's) and/or a password: an admin may reset anyone's; everyone
   * may change their own with their current password. A new password ends the user's other sessions.
   */
  public Future<JsonObject> changeUser(Actor by, String name, Object role, Object password, Object currentPassword) {
    return attempt(() -> {
      if (role == null && password == null) {
        throw new BadRequest("send a role, a password, or both");
      }
      Role newRole = role == null ? null : Role.parse(role);
      String newPassword = password == null ? null : Users.validPassword(password);
      boolean self = by.user().equals(name);
      if (newRole != null) {
        by.caller().require(Role.ADMIN, "changing roles");
      }
      if (newPassword != null && !self) {
        by.caller().require(Role.ADMIN, "setting another user's password");
      }
      Future<Void> allowed = newPassword != null && self ? currentPasswordOf(by, currentPassword)
          : Future.succeededFuture();
      return allowed.compose(v -> users.find(name)).compose(account -> {
        if (account == null) {
          return Future.failedFuture(Users.unknown(name));
        }
        Future<Void> done = Future.succeededFuture();
        if (newRole != null && newRole != account.role()) {
          done = done.compose(v -> users.setRole(name, newRole))
              .compose(v -> record(by, "user.role", name, account.role().wire() + " → " + newRole.wire()));
        }
        if (newPassword != null) {
          done = done.compose(v -> users.setPassword(name, newPassword))
              .compose(v -> sessions.endAllOf(name, self ? by.sessionHash() : null))
              .compose(v -> record(by, "user.password", name, self ? "changed own password; other sessions ended"
                  : "reset by an admin; the user's sessions ended"));
        }
        return done.compose(v -> users.find(name)).map(Users.Account::toJson);
      });
    });
  }

  /** Its sessions and tokens end with it. Never the last admin. */
  public Future<Void> deleteUser(Actor by, String name) {
    return attempt(() -> {
      by.caller().require(Role.ADMIN, "deleting users");
      return users.delete(name).compose(v -> record(by, "user.delete", name, "sessions and tokens ended"));
    });
  }

  public Future<List<JsonObject>> tokens(Actor by) {
    return tokens.list(by.user());
  }

  /** {@code {"id", "name", "token", "createdAt"}}: the token itself is in this answer and nowhere else, ever. */
  public Future<JsonObject> createToken(Actor by, Object name) {
    return attempt(() -> {
      String valid = ApiTokens.validName(name);
      return tokens.create(by.user(), valid)
          .compose(token -> record(by, "token.create", valid, "id " + token.getString("id")).map(v -> token));
    });
  }

  public Future<Void> revokeToken(Actor by, String id) {
    return tokens.revoke(by.caller(), id).compose(revoked -> record(by, "token.revoke",
        revoked.getString("name") + " of " + revoked.getString("user"), "id " + id));
  }

  /** A wrong current password is a 403 (the caller is signed in; the change is what is refused). */
  private Future<Void> currentPasswordOf(Actor by, Object currentPassword) {
    if (!(currentPassword instanceof String current) || current.isEmpty()) {
      return Future.failedFuture(new BadRequest("to change your own password, send your current one as well"));
    }
    return authenticator.password(by.user(), current, by.address(), Authenticator.Via.PASSWORD_CHANGE)
        .<Void>mapEmpty()
        .recover(e -> Future.failedFuture(e instanceof BadRequest bad && bad.code() == 401
            ? new BadRequest(403, "the current password is wrong") : e));
  }

  private Future<Void> record(Actor by, String action, String target, String detail) {
    return audit.record(by.user(), by.address(), action, target, AuditLog.OK, detail);
  }

  /** Validation throws; this turns it into a failed future like every other refusal. */
  private static <T> Future<T> attempt(Supplier<Future<T>> action) {
    try {
      return action.get();
    } catch (RuntimeException e) {
      return Future.failedFuture(e);
    }
  }
}
