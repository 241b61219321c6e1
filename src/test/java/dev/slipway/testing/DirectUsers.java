package dev.slipway.testing;

import dev.slipway.Config;
import dev.slipway.auth.Passwords;
import dev.slipway.bus.Bus;
import dev.slipway.domain.Role;
import dev.slipway.store.Database;
import io.vertx.core.Future;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;

/**
 * Accounts for tests that need an operator or a viewer, written straight into a running Slipway's database, and
 * event-bus requests made as one of them (the {@link Bus#USER_HEADER} header): until the REST layer authenticates,
 * the event bus is where a role can be shown to matter.
 */
public final class DirectUsers {
  private DirectUsers() {
  }

  /** A user named {@code name} with {@code role}; the bootstrapped {@code admin} exists already. */
  public static void create(SlipwayServer slipway, String name, Role role) {
    JsonObject config = new JsonObject().put(Config.DATA_DIR, slipway.dataDir.toString())
        .put(Config.DATABASE_URL, slipway.databaseUrl);
    Pool db = Database.pool(slipway.vertx, config, 1, "sql-test");
    try {
      SlipwayServer.await(db.preparedQuery("INSERT INTO users (name, password_hash, role, created_at) VALUES (?, ?, ?, ?)")
          .execute(Tuple.of(name, Passwords.hash("not-used-" + name), role.wire(), System.currentTimeMillis())));
    } finally {
      SlipwayServer.await(db.close());
    }
  }

  /** A request on {@code address} as {@code user}; the future fails with the receiver's ReplyException. */
  public static Future<JsonObject> request(SlipwayServer slipway, String user, String address, JsonObject body) {
    DeliveryOptions options = new DeliveryOptions().setSendTimeout(120_000).addHeader(Bus.USER_HEADER, user);
    return slipway.vertx.eventBus().<JsonObject>request(address, body, options).map(Message::body);
  }
}
