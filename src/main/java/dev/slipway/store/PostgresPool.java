package dev.slipway.store;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PrepareOptions;
import io.vertx.sqlclient.PreparedQuery;
import io.vertx.sqlclient.PreparedStatement;
import io.vertx.sqlclient.Query;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.SqlResult;
import io.vertx.sqlclient.Transaction;
import io.vertx.sqlclient.Tuple;
import io.vertx.sqlclient.spi.DatabaseMetadata;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Collector;

/**
 * A vertx-pg-client pool that takes Slipway's portable SQL: every prepared statement's {@code ?} placeholders become
 * {@code $n} ({@link Placeholders}), on the pool and on the connections it lends, so no call site knows which database
 * it talks to. PostgreSQL's text cannot hold the character U+0000 (H2's can): a parameter carrying one (a typed user
 * name, a line a container printed) would fail its whole statement, so it is stored as U+FFFD instead.
 */
final class PostgresPool implements Pool {
  private final Pool pg;

  PostgresPool(Pool pg) {
    this.pg = pg;
  }

  @Override
  public Future<SqlConnection> getConnection() {
    return pg.getConnection().map(Connection::new);
  }

  @Override
  public Query<RowSet<Row>> query(String sql) {
    return pg.query(sql);
  }

  @Override
  public PreparedQuery<RowSet<Row>> preparedQuery(String sql) {
    return new Prepared<>(pg.preparedQuery(Placeholders.numbered(sql)));
  }

  @Override
  public PreparedQuery<RowSet<Row>> preparedQuery(String sql, PrepareOptions options) {
    return new Prepared<>(pg.preparedQuery(Placeholders.numbered(sql), options));
  }

  @Override
  public int size() {
    return pg.size();
  }

  @Override
  public Future<Void> close() {
    return pg.close();
  }

  static Tuple withoutNul(Tuple params) {
    boolean any = false;
    for (int i = 0; i < params.size() && !any; i++) {
      any = params.getValue(i) instanceof String s && s.indexOf('\0') >= 0;
    }
    if (!any) {
      return params;
    }
    Tuple clean = Tuple.tuple();
    for (int i = 0; i < params.size(); i++) {
      Object value = params.getValue(i);
      clean.addValue(value instanceof String s ? s.replace('\0', '\uFFFD') : value);
    }
    return clean;
  }

  /** A prepared query whose parameters are made storable first. */
  private record Prepared<T>(PreparedQuery<T> query) implements PreparedQuery<T> {
    @Override
    public Future<T> execute(Tuple params) {
      return query.execute(withoutNul(params));
    }

    @Override
    public Future<T> executeBatch(List<Tuple> batch) {
      return query.executeBatch(batch.stream().map(PostgresPool::withoutNul).toList());
    }

    @Override
    public Future<T> execute() {
      return query.execute();
    }

    @Override
    public <R> PreparedQuery<SqlResult<R>> collecting(Collector<Row, ?, R> collector) {
      return new Prepared<>(query.collecting(collector));
    }

    @Override
    public <U> PreparedQuery<RowSet<U>> mapping(Function<Row, U> mapper) {
      return new Prepared<>(query.mapping(mapper));
    }
  }

  /** A pooled connection (also the one a transaction runs on) that numbers placeholders like the pool. */
  private record Connection(SqlConnection pg) implements SqlConnection {
    @Override
    public Future<PreparedStatement> prepare(String sql) {
      return pg.prepare(Placeholders.numbered(sql));
    }

    @Override
    public Future<PreparedStatement> prepare(String sql, PrepareOptions options) {
      return pg.prepare(Placeholders.numbered(sql), options);
    }

    @Override
    public Query<RowSet<Row>> query(String sql) {
      return pg.query(sql);
    }

    @Override
    public PreparedQuery<RowSet<Row>> preparedQuery(String sql) {
      return new Prepared<>(pg.preparedQuery(Placeholders.numbered(sql)));
    }

    @Override
    public PreparedQuery<RowSet<Row>> preparedQuery(String sql, PrepareOptions options) {
      return new Prepared<>(pg.preparedQuery(Placeholders.numbered(sql), options));
    }

    @Override
    public SqlConnection exceptionHandler(Handler<Throwable> handler) {
      pg.exceptionHandler(handler);
      return this;
    }

    @Override
    public SqlConnection closeHandler(Handler<Void> handler) {
      pg.closeHandler(handler);
      return this;
    }

    @Override
    public Future<Transaction> begin() {
      return pg.begin();
    }

    @Override
    public Transaction transaction() {
      return pg.transaction();
    }

    @Override
    public boolean isSSL() {
      return pg.isSSL();
    }

    @Override
    public DatabaseMetadata databaseMetadata() {
      return pg.databaseMetadata();
    }

    @Override
    public Future<Void> close() {
      return pg.close();
    }
  }
}
