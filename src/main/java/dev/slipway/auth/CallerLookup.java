package dev.slipway.auth;

import dev.slipway.bus.Bus;
import dev.slipway.domain.BadRequest;
import dev.slipway.domain.Caller;
import dev.slipway.domain.Role;
import io.vertx.core.Future;
import io.vertx.core.eventbus.Message;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;

/**
 * Who sent an event-bus request: the user named in its {@link Bus#USER_HEADER} header, with the role the database
 * gives that user now. A request without one, or naming no user, is refused with 401: the event-bus API is no side
 * door around the REST API's roles.
 */
public final class CallerLookup {
  private final Pool db;

  public CallerLookup(Pool db) {
    this.db = db;
  }

  public Future<Caller> of(Message<?> message) {
    if (message.headers().getAll(Bus.USER_HEADER).size() > 1) {
      return Future.failedFuture(new BadRequest(401, "the request names more than one user: say who asks once"));
    }
    String user = message.headers().get(Bus.USER_HEADER);
    if (user == null || user.isBlank()) {
      return Future.failedFuture(new BadRequest(401, "say who asks: the " + Bus.USER_HEADER + " header names a user"));
    }
    return byName(user);
  }

  public Future<Caller> byName(String user) {
    return db.preparedQuery("SELECT role FROM users WHERE name = ?").execute(Tuple.of(user)).compose(rows -> {
      Row row = rows.iterator().hasNext() ? rows.iterator().next() : null;
      return row == null ? Future.failedFuture(new BadRequest(401, "no user named '" + user + "'"))
          : Future.succeededFuture(new Caller(user, Role.parse(row.getString(0))));
    });
  }
}
