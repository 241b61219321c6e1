package dev.slipway.store;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;

/**
 * Which builds are builds of the same thing (the same app, or for an uploaded context the same tag), and the last one
 * of them that succeeded: what a build's timeline is compared with. Portable SQL.
 */
public final class BuildHistory {
  private final Pool db;

  public BuildHistory(Pool db) {
    this.db = db;
  }

  /** {@code app:NAME}, {@code tag:TAG} for an upload, or null (a run builds nothing), from a job's shown request. */
  public static String key(JsonObject build) {
    if (build == null) {
      return null;
    }
    String app = build.getString("app");
    if (app != null) {
      return "app:" + app;
    }
    String tag = build.getString("tag");
    return tag == null ? null : "tag:" + tag;
  }

  /**
   * {@code {"id", "facts"}} of the newest other job of {@code key} whose build succeeded (a build, or a launch that got
   * as far as its image) and has a timeline, or null.
   */
  public Future<JsonObject> previous(String key, String jobId) {
    if (key == null) {
      return Future.succeededFuture();
    }
    return db.preparedQuery("SELECT id, build_facts FROM jobs WHERE build_key = ? AND id <> ? AND image_id IS NOT NULL "
            + "AND build_facts IS NOT NULL ORDER BY created_at DESC, id DESC LIMIT 1")
        .execute(Tuple.of(key, jobId))
        .map(rows -> {
          if (!rows.iterator().hasNext()) {
            return null;
          }
          var row = rows.iterator().next();
          return new JsonObject().put("id", row.getString(0)).put("facts", new JsonObject(row.getString(1)));
        });
  }
}
