package dev.slipway.store;

import dev.slipway.Config;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.jdbcclient.JDBCPool;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import org.flywaydb.core.Flyway;
import org.h2.jdbcx.JdbcDataSource;

/**
 * Slipway's database: H2 in file mode under the data directory, needing no server. The schema is Flyway's
 * ({@code db/migration}); data access goes through the {@code io.vertx.sqlclient} API with portable SQL.
 */
public final class Database {
  private static final Set<String> MIGRATED = new HashSet<>();

  private Database() {
  }

  public static String jdbcUrl(JsonObject config) {
    Path file = Path.of(config.getString(Config.DATA_DIR, "data"), "db", "slipway").toAbsolutePath().normalize();
    // WRITE_DELAY=0: a committed change is on disk at once, so a kill -9 loses no job state.
    return "jdbc:h2:file:" + file + ";WRITE_DELAY=0";
  }

  /** Runs the migrations once per database and process; off the event loop (Flyway blocks). */
  public static Future<Void> migrate(Vertx vertx, JsonObject config) {
    String url = jdbcUrl(config);
    return vertx.executeBlocking(() -> {
      synchronized (MIGRATED) {
        if (MIGRATED.add(url)) {
          try {
            Flyway.configure().dataSource(url, "sa", "").locations("classpath:db/migration").load().migrate();
          } catch (RuntimeException e) {
            MIGRATED.remove(url);
            throw e;
          }
        }
      }
      return null;
    });
  }

  /** A pool of {@code size} connections; the verticle that opens it closes it when it stops. */
  public static Pool pool(Vertx vertx, JsonObject config, int size) {
    JdbcDataSource source = new JdbcDataSource();
    source.setURL(jdbcUrl(config));
    source.setUser("sa");
    source.setPassword("");
    return JDBCPool.pool(vertx, source, new PoolOptions().setMaxSize(size));
  }
}
