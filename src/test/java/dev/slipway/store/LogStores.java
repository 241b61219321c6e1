package dev.slipway.store;

import dev.slipway.testing.MigratedPostgres;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/** The two log stores that tests hold side by side: one Vert.x and one migrated PostgreSQL database per test class. */
final class LogStores implements AutoCloseable {
  /** The files of a single node, or PostgreSQL's table. */
  enum Kind { FILES, POSTGRES }

  final Vertx vertx = Vertx.vertx();
  final MigratedPostgres postgres = new MigratedPostgres(vertx, 4);

  /** An opened store of that kind; {@code dir} holds the files' logs. */
  LogStore open(Kind kind, Path dir) {
    LogStore store = kind == Kind.FILES ? new FileLogStore(vertx, dir) : new PgLogStore(postgres.pool);
    await(store.open());
    return store;
  }

  static <T> T await(Future<T> future) {
    try {
      return future.await(30, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  @Override
  public void close() throws Exception {
    try {
      postgres.close();
    } finally {
      vertx.close().await(10, TimeUnit.SECONDS);
    }
  }
}
