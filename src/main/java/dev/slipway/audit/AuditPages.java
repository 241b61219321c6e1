package dev.slipway.audit;

import dev.slipway.domain.BadRequest;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;

/** Reads the audit log back, newest first, a page at a time. */
public final class AuditPages {
  public static final int DEFAULT_SIZE = 50;
  public static final int MAX_SIZE = 500;

  private final Pool db;

  public AuditPages(Pool db) {
    this.db = db;
  }

  /**
   * Page {@code page} (from 1) of {@code size} entries: {@code {"entries": [{"id", "at", "user", "address",
   * "action", "target", "outcome", "detail"}…], "page", "size", "total"}}.
   */
  public Future<JsonObject> page(int page, int size) {
    if (page < 1 || size < 1 || size > MAX_SIZE) {
      return Future.failedFuture(new BadRequest("page starts at 1 and size is 1 to " + MAX_SIZE));
    }
    long offset = (long) (page - 1) * size;
    Future<Long> total = db.query("SELECT COUNT(*) FROM audit").execute()
        .map(rows -> rows.iterator().next().getLong(0));
    Future<JsonArray> entries = db.preparedQuery("SELECT id, at, user_name, address, action, target, outcome, detail "
        + "FROM audit ORDER BY id DESC LIMIT ? OFFSET ?").execute(Tuple.of(size, offset)).map(rows -> {
          JsonArray list = new JsonArray();
          for (Row row : rows) {
            list.add(new JsonObject().put("id", row.getLong(0))
                .put("at", Instant.ofEpochMilli(row.getLong(1)).toString())
                .put("user", row.getString(2)).put("address", row.getString(3)).put("action", row.getString(4))
                .put("target", row.getString(5)).put("outcome", row.getString(6)).put("detail", row.getString(7)));
          }
          return list;
        });
    return Future.all(total, entries).map(v -> new JsonObject().put("entries", entries.result()).put("page", page)
        .put("size", size).put("total", total.result()));
  }
}
