package dev.slipway.testing;

import io.vertx.core.Vertx;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import java.util.concurrent.TimeUnit;
import org.flywaydb.core.Flyway;

/**
 * A fresh PostgreSQL database ({@link Postgres#freshDatabase()}) with Slipway's migrations run by Flyway over JDBC, as
 * Slipway runs them, and a Vert.x pool to it; closing it closes the pool and drops the database.
 */
public final class MigratedPostgres implements AutoCloseable {
  public final String url;
  public final Pool pool;

  public MigratedPostgres(Vertx vertx, int connections) {
    url = Postgres.freshDatabase();
    String name = url.substring(url.lastIndexOf('/') + 1);
    Flyway.configure().dataSource("jdbc:postgresql://" + Postgres.HOST + ":" + Postgres.PORT + "/" + name,
        Postgres.USER, Postgres.PASSWORD).locations("classpath:db/migration").load().migrate();
    pool = PgBuilder.pool().with(new PoolOptions().setMaxSize(connections))
        .connectingTo(PgConnectOptions.fromUri(url)).using(vertx).build();
  }

  @Override
  public void close() throws Exception {
    try {
      pool.close().await(10, TimeUnit.SECONDS);
    } finally {
      drop();
    }
  }

  /**
   * After many rows PostgreSQL's autovacuum may be at work in the database, and the role may not end its process:
   * the drop is tried again for up to a minute, until autovacuum is done.
   */
  private void drop() throws InterruptedException {
    for (int attempt = 1; ; attempt++) {
      try {
        Postgres.drop(url);
        return;
      } catch (AssertionError e) {
        if (attempt == 60) {
          throw e;
        }
        Thread.sleep(1000);
      }
    }
  }
}
