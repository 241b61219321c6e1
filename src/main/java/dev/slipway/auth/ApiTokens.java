package dev.slipway.auth;

import dev.slipway.domain.BadRequest;
import dev.slipway.domain.Caller;
import dev.slipway.domain.Role;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Personal API tokens ({@code Authorization: Bearer slw_…}). The token is shown once, when it is made; the table
 * keeps its SHA-256 only. A token acts with its user's role of the moment and goes when the user goes.
 */
public final class ApiTokens {
  public static final String PREFIX = "slw_";
  public static final int MAX_PER_USER = 100;
  private static final Pattern TOKEN = Pattern.compile(Pattern.quote(PREFIX) + "[A-Za-z0-9_-]{43}");
  private static final long TOUCH_AFTER_MS = 60_000;

  private final Vertx vertx;
  private final Pool db;

  public ApiTokens(Vertx vertx, Pool db) {
    this.vertx = vertx;
    this.db = db;
  }

  public static String validName(Object name) {
    if (!(name instanceof String s) || s.isBlank() || s.length() > 100 || s.chars().anyMatch(Character::isISOControl)) {
      throw new BadRequest("a token name is 1 to 100 characters, such as 'ci' or 'laptop script'");
    }
    return s.strip();
  }

  /** {@code {"id", "name", "token", "createdAt"}}: the only time the token itself is seen. */
  public Future<JsonObject> create(String user, String name) {
    String token = PREFIX + Passwords.randomSecret(32);
    String id = UUID.randomUUID().toString();
    long now = System.currentTimeMillis();
    return db.preparedQuery("SELECT COUNT(*) FROM api_tokens WHERE user_name = ?").execute(Tuple.of(user))
        .compose(rows -> rows.iterator().next().getLong(0) >= MAX_PER_USER
            ? Future.failedFuture(new BadRequest(409, "you have " + MAX_PER_USER + " tokens: revoke one first"))
            : hash(token))
        .compose(hash -> db.preparedQuery(
                "INSERT INTO api_tokens (id, user_name, name, token_hash, created_at) VALUES (?, ?, ?, ?, ?)")
            .execute(Tuple.of(id, user, name, hash, now)))
        .map(done -> new JsonObject().put("id", id).put("name", name).put("token", token)
            .put("createdAt", Instant.ofEpochMilli(now).toString()));
  }

  /** The user's tokens, newest first, without the tokens themselves. */
  public Future<List<JsonObject>> list(String user) {
    return db.preparedQuery("SELECT id, name, created_at, last_used_at FROM api_tokens WHERE user_name = ? "
        + "ORDER BY created_at DESC").execute(Tuple.of(user)).map(rows -> {
          List<JsonObject> tokens = new ArrayList<>();
          for (Row row : rows) {
            Long used = row.getLong(3);
            tokens.add(new JsonObject().put("id", row.getString(0)).put("name", row.getString(1))
                .put("createdAt", Instant.ofEpochMilli(row.getLong(2)).toString())
                .put("lastUsedAt", used == null ? null : Instant.ofEpochMilli(used).toString()));
          }
          return tokens;
        });
  }

  /**
   * Revokes token {@code id}: the caller's own, or anyone's for an admin. Returns {@code {"id", "name", "user"}} for
   * the audit log. 404 for a token that is not there or not the caller's (whether someone else has it stays unsaid).
   */
  public Future<JsonObject> revoke(Caller caller, String id) {
    return db.preparedQuery("SELECT user_name, name FROM api_tokens WHERE id = ?").execute(Tuple.of(id))
        .compose(rows -> {
          Row row = rows.iterator().hasNext() ? rows.iterator().next() : null;
          if (row == null || !(row.getString(0).equals(caller.user()) || caller.can(Role.ADMIN))) {
            return Future.failedFuture(new BadRequest(404, "no token with id '" + id + "'"));
          }
          JsonObject revoked = new JsonObject().put("id", id).put("name", row.getString(1))
              .put("user", row.getString(0));
          return db.preparedQuery("DELETE FROM api_tokens WHERE id = ?").execute(Tuple.of(id)).map(done -> revoked);
        });
  }

  /** The caller a token stands for, or null for a malformed, unknown or revoked token. */
  public Future<Caller> find(String token) {
    if (token == null || !TOKEN.matcher(token).matches()) {
      return Future.succeededFuture();
    }
    return hash(token).compose(hash -> db.preparedQuery("SELECT t.user_name, u.role, t.last_used_at FROM api_tokens t "
        + "JOIN users u ON u.name = t.user_name WHERE t.token_hash = ?").execute(Tuple.of(hash)).compose(rows -> {
          if (!rows.iterator().hasNext()) {
            return Future.succeededFuture();
          }
          Row row = rows.iterator().next();
          Caller caller = new Caller(row.getString(0), Role.parse(row.getString(1)));
          long now = System.currentTimeMillis();
          Long used = row.getLong(2);
          if (used != null && now - used < TOUCH_AFTER_MS) {
            return Future.succeededFuture(caller);
          }
          return db.preparedQuery("UPDATE api_tokens SET last_used_at = ? WHERE token_hash = ?")
              .execute(Tuple.of(now, hash)).map(done -> caller);
        }));
  }

  /** Off the event loop like every hash of a secret; SHA-256 suits a 256-bit random token. */
  private Future<String> hash(String token) {
    return vertx.executeBlocking(() -> Sha256.hex(token), false);
  }
}
