package dev.slipway.auth;

import dev.slipway.domain.BadRequest;
import dev.slipway.domain.Role;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The {@code users} table. Passwords are hashed here, off the event loop; no method ever returns a hash to a caller
 * outside this package. Columns are read by position (H2 and PostgreSQL spell names differently).
 */
public final class Users {
  private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9._-]{0,63}");
  /** Argon2 takes any length, but a megabyte-long password only costs the server time. */
  public static final int MAX_PASSWORD = 1024;
  /** The condition under which a row may stop being an admin: it is not one, or another admin remains. */
  private static final String NOT_LAST_ADMIN =
      "(role <> 'admin' OR (SELECT COUNT(*) FROM users WHERE role = 'admin') > 1)";

  /** A user as stored; {@code passwordHash} stays in the auth package. */
  public record Account(String name, Role role, String passwordHash, long createdAt) {
    public JsonObject toJson() {
      return new JsonObject().put("name", name).put("role", role.wire())
          .put("createdAt", Instant.ofEpochMilli(createdAt).toString());
    }
  }

  private final Vertx vertx;
  private final Pool db;

  public Users(Vertx vertx, Pool db) {
    this.vertx = vertx;
    this.db = db;
  }

  public static String validName(Object name) {
    if (!(name instanceof String s) || !NAME.matcher(s).matches()) {
      throw new BadRequest("a user name is 1 to 64 lowercase letters, digits and . _ -, starting with a letter or "
          + "digit");
    }
    return s;
  }

  public static String validPassword(Object password) {
    if (!(password instanceof String s) || s.length() < Passwords.MIN_LENGTH) {
      throw new BadRequest("a password needs at least " + Passwords.MIN_LENGTH + " characters");
    }
    if (s.length() > MAX_PASSWORD) {
      throw new BadRequest("a password has at most " + MAX_PASSWORD + " characters");
    }
    return s;
  }

  /** The account, or null when there is none of that name. */
  public Future<Account> find(String name) {
    return db.preparedQuery("SELECT name, role, password_hash, created_at FROM users WHERE name = ?")
        .execute(Tuple.of(name)).map(rows -> rows.iterator().hasNext() ? account(rows.iterator().next()) : null);
  }

  public Future<List<Account>> list() {
    return db.query("SELECT name, role, password_hash, created_at FROM users ORDER BY name").execute().map(rows -> {
      List<Account> accounts = new ArrayList<>();
      rows.forEach(row -> accounts.add(account(row)));
      return accounts;
    });
  }

  /** 409 when the name is taken. */
  public Future<Account> create(String name, String password, Role role) {
    long now = System.currentTimeMillis();
    return find(name).compose(existing -> {
      if (existing != null) {
        return Future.failedFuture(taken(name));
      }
      return hash(password).compose(hash -> db.preparedQuery(
              "INSERT INTO users (name, password_hash, role, created_at) VALUES (?, ?, ?, ?)")
          .execute(Tuple.of(name, hash, role.wire(), now))
          // Two creations of one name at once: the primary key refuses the second.
          .recover(e -> find(name).compose(raced -> Future.failedFuture(raced != null ? taken(name) : e)))
          .map(done -> new Account(name, role, hash, now)));
    });
  }

  /** 404 for an unknown user; 409 when this would leave no admin. */
  public Future<Void> setRole(String name, Role role) {
    String sql = "UPDATE users SET role = ? WHERE name = ?" + (role == Role.ADMIN ? "" : " AND " + NOT_LAST_ADMIN);
    return db.preparedQuery(sql).execute(Tuple.of(role.wire(), name)).compose(rows -> changed(rows, name));
  }

  /** 404 for an unknown user. */
  public Future<Void> setPassword(String name, String password) {
    return hash(password).compose(hash -> db.preparedQuery("UPDATE users SET password_hash = ? WHERE name = ?")
        .execute(Tuple.of(hash, name))).compose(rows -> changed(rows, name));
  }

  /** Its sessions and tokens go with it (the schema cascades). 404 for an unknown user; 409 for the last admin. */
  public Future<Void> delete(String name) {
    return db.preparedQuery("DELETE FROM users WHERE name = ? AND " + NOT_LAST_ADMIN).execute(Tuple.of(name))
        .compose(rows -> changed(rows, name));
  }

  private Future<Void> changed(RowSet<Row> rows, String name) {
    if (rows.rowCount() > 0) {
      return Future.succeededFuture();
    }
    return find(name).compose(account -> Future.failedFuture(account == null ? unknown(name)
        : new BadRequest(409, "'" + name + "' is the last admin: make another user admin first")));
  }

  /** Argon2id, off the event loop. */
  private Future<String> hash(String password) {
    return vertx.executeBlocking(() -> Passwords.hash(password), false);
  }

  static BadRequest unknown(String name) {
    return new BadRequest(404, "no user named '" + name + "'");
  }

  private static BadRequest taken(String name) {
    return new BadRequest(409, "there is already a user named '" + name + "'");
  }

  private static Account account(Row row) {
    return new Account(row.getString(0), Role.parse(row.getString(1)), row.getString(2), row.getLong(3));
  }
}
