package dev.slipway.store;

import dev.slipway.Config;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.jdbcclient.JDBCPool;
import io.vertx.pgclient.PgBuilder;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import org.flywaydb.core.Flyway;
import org.h2.jdbcx.JdbcDataSource;

/**
 * Slipway's database: H2 in file mode under the data directory, needing no server; or PostgreSQL when
 * {@code databaseUrl} is set ({@link Config#usesPostgres}), shared by the nodes of a cluster. The schema is Flyway's
 * ({@code db/migration}, the same for both); data access goes through the {@code io.vertx.sqlclient} API with
 * portable SQL and JDBC's {@code ?} placeholders, which the PostgreSQL pool numbers ({@link PostgresPool}).
 */
public final class Database {
  private static final Set<String> MIGRATED = new HashSet<>();

  private Database() {
  }

  /** The JDBC URL (for PostgreSQL without its credentials, see {@link #postgres}). */
  public static String jdbcUrl(JsonObject config) {
    if (Config.usesPostgres(config)) {
      return postgres(config).jdbcUrl();
    }
    Path file = Path.of(config.getString(Config.DATA_DIR, "data"), "db", "slipway").toAbsolutePath().normalize();
    // WRITE_DELAY=0: a committed change is on disk at once, so a kill -9 loses no job state.
    return "jdbc:h2:file:" + file + ";WRITE_DELAY=0";
  }

  /** The configured PostgreSQL database; an {@link IllegalArgumentException} that never quotes the password. */
  public static DatabaseUrl postgres(JsonObject config) {
    return DatabaseUrl.parse(config.getString(Config.DATABASE_URL));
  }

  /**
   * Runs the migrations once per database and process; off the event loop (Flyway blocks). With PostgreSQL this is
   * also where a wrong URL or an unreachable database stops the start, with a message that never holds the password.
   */
  public static Future<Void> migrate(Vertx vertx, JsonObject config) {
    return vertx.executeBlocking(() -> {
      if (Config.usesPostgres(config)) {
        DatabaseUrl url = postgres(config);
        migrateOnce(url.jdbcUrl() + " as " + url.user(), () -> {
          try {
            flyway(url.jdbcUrl(), url.user(), url.password());
          } catch (RuntimeException e) {
            throw PostgresFailure.describe(url, e);
          }
        });
      } else {
        String url = jdbcUrl(config);
        migrateOnce(url, () -> flyway(url, "sa", ""));
      }
      return null;
    });
  }

  private static void migrateOnce(String key, Runnable migration) {
    synchronized (MIGRATED) {
      if (MIGRATED.add(key)) {
        try {
          migration.run();
        } catch (RuntimeException e) {
          MIGRATED.remove(key);
          throw e;
        }
      }
    }
  }

  private static void flyway(String url, String user, String password) {
    Flyway.configure().dataSource(url, user, password).locations("classpath:db/migration").load().migrate();
  }

  /**
   * A pool of {@code size} connections; the verticle that opens it closes it when it stops. Its {@code name} tells its
   * meters apart from the other pools' ({@code vertx_pool_*{pool_name}}).
   */
  public static Pool pool(Vertx vertx, JsonObject config, int size, String name) {
    PoolOptions options = new PoolOptions().setMaxSize(size).setName(name);
    if (Config.usesPostgres(config)) {
      return new PostgresPool(PgBuilder.pool().with(options)
          .connectingTo(postgres(config).connectOptions()).using(vertx).build());
    }
    JdbcDataSource source = new JdbcDataSource();
    source.setURL(jdbcUrl(config));
    source.setUser("sa");
    source.setPassword("");
    return JDBCPool.pool(vertx, source, options);
  }
}
