package dev.slipway.auth;

import dev.slipway.domain.Caller;
import dev.slipway.domain.Role;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.Duration;
import java.util.regex.Pattern;

/**
 * Dashboard sessions. Every sign-in gets a new random id (an id a browser brought along is never adopted, so nobody
 * can fix a victim's session in advance); the table keeps only its SHA-256. A session ends after 12 hours without
 * use, 7 days after sign-in whatever happens, at sign-out, and with its user.
 */
public final class Sessions {
  public static final Duration IDLE = Duration.ofHours(12);
  public static final Duration ABSOLUTE = Duration.ofDays(7);
  /** Writing the last use on every request would turn every page view and event stream into a write. */
  private static final long TOUCH_AFTER_MS = 60_000;
  private static final Pattern ID = Pattern.compile("[A-Za-z0-9_-]{43}");

  /** A live session: whose it is, with the role the database gives that user now. */
  public record Session(String idHash, Caller caller) {
  }

  private final Vertx vertx;
  private final Pool db;

  public Sessions(Vertx vertx, Pool db) {
    this.vertx = vertx;
    this.db = db;
  }

  /** A new session for {@code user}; returns its id, which only the browser keeps. */
  public Future<String> create(String user) {
    String id = Passwords.randomSecret(32);
    long now = System.currentTimeMillis();
    return hash(id).compose(hash -> db.preparedQuery(
            "INSERT INTO sessions (id_hash, user_name, created_at, last_seen_at) VALUES (?, ?, ?, ?)")
        .execute(Tuple.of(hash, user, now, now))).map(done -> id);
  }

  /** The live session with this id, or null (unknown, malformed, expired: an expired one is deleted). */
  public Future<Session> find(String id) {
    if (id == null || !ID.matcher(id).matches()) {
      return Future.succeededFuture();
    }
    return hash(id).compose(hash -> db.preparedQuery("SELECT s.user_name, u.role, s.created_at, s.last_seen_at "
            + "FROM sessions s JOIN users u ON u.name = s.user_name WHERE s.id_hash = ?").execute(Tuple.of(hash))
        .compose(rows -> {
          if (!rows.iterator().hasNext()) {
            return Future.succeededFuture();
          }
          Row row = rows.iterator().next();
          long now = System.currentTimeMillis();
          if (expired(row.getLong(2), row.getLong(3), now)) {
            return delete(hash).<Session>map(v -> null);
          }
          Session session = new Session(hash, new Caller(row.getString(0), Role.parse(row.getString(1))));
          if (now - row.getLong(3) < TOUCH_AFTER_MS) {
            return Future.succeededFuture(session);
          }
          return db.preparedQuery("UPDATE sessions SET last_seen_at = ? WHERE id_hash = ?")
              .execute(Tuple.of(now, hash)).map(done -> session);
        }));
  }

  /** Ends the session with this id (sign-out); nothing happens for an unknown one. */
  public Future<Void> end(String id) {
    if (id == null || !ID.matcher(id).matches()) {
      return Future.succeededFuture();
    }
    return hash(id).compose(this::delete);
  }

  /** Ends every session of {@code user} except the one whose hash is {@code keepHash} (may be null). */
  public Future<Void> endAllOf(String user, String keepHash) {
    return db.preparedQuery("DELETE FROM sessions WHERE user_name = ? AND id_hash <> ?")
        .execute(Tuple.of(user, keepHash == null ? "" : keepHash)).mapEmpty();
  }

  /** Deletes expired sessions; returns how many. */
  public Future<Integer> sweep() {
    long now = System.currentTimeMillis();
    return db.preparedQuery("DELETE FROM sessions WHERE last_seen_at < ? OR created_at < ?")
        .execute(Tuple.of(now - IDLE.toMillis(), now - ABSOLUTE.toMillis())).map(rows -> rows.rowCount());
  }

  static boolean expired(long createdAt, long lastSeenAt, long now) {
    return now - lastSeenAt >= IDLE.toMillis() || now - createdAt >= ABSOLUTE.toMillis();
  }

  private Future<Void> delete(String hash) {
    return db.preparedQuery("DELETE FROM sessions WHERE id_hash = ?").execute(Tuple.of(hash)).mapEmpty();
  }

  /** Hashing is quick, but stays off the event loop like every other secret's. */
  private Future<String> hash(String id) {
    return vertx.executeBlocking(() -> Sha256.hex(id), false);
  }
}
