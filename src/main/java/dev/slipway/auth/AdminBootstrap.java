package dev.slipway.auth;

import dev.slipway.domain.Role;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The first start creates the {@code admin} account: with {@code SLIPWAY_ADMIN_PASSWORD} when set, otherwise with a
 * random password written once to the server log. There is no default password anywhere.
 */
public final class AdminBootstrap {
  private static final Logger LOG = LoggerFactory.getLogger(AdminBootstrap.class);
  public static final String ADMIN = "admin";

  private AdminBootstrap() {
  }

  public static Future<Void> ensureAdmin(Vertx vertx, Pool db, String configuredPassword) {
    return db.query("SELECT COUNT(*) AS n FROM users").execute().compose(rows -> {
      if (rows.iterator().next().getLong(0) > 0) {
        return Future.succeededFuture();
      }
      boolean generated = configuredPassword == null || configuredPassword.isBlank();
      if (!generated && configuredPassword.length() < Passwords.MIN_LENGTH) {
        return Future.failedFuture(new IllegalArgumentException("SLIPWAY_ADMIN_PASSWORD must have at least "
            + Passwords.MIN_LENGTH + " characters"));
      }
      String password = generated ? Passwords.randomSecret(18) : configuredPassword;
      return vertx.executeBlocking(() -> Passwords.hash(password))
          .compose(hash -> db.preparedQuery("INSERT INTO users (name, password_hash, role, created_at) VALUES (?, ?, ?, ?)")
              .execute(Tuple.of(ADMIN, hash, Role.ADMIN.wire(), System.currentTimeMillis())))
          .onSuccess(done -> {
            if (generated) {
              // The one place a password is ever logged: the generated first one, so the team can sign in.
              LOG.warn("Created the user 'admin' with the password {} (shown once; change it on your account page)",
                  password);
            } else {
              LOG.info("Created the user 'admin' with the password from SLIPWAY_ADMIN_PASSWORD");
            }
          }).mapEmpty();
    });
  }
}
