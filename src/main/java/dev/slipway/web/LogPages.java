package dev.slipway.web;

import dev.slipway.bus.Bus;
import dev.slipway.domain.JobState;
import dev.slipway.domain.LogLine;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;

/** Pages of a job's stored log, read through {@link Bus#LOG} as the user who asks. */
final class LogPages {
  private LogPages() {
  }

  /** A page of lines and the job as it was when the page was read. */
  record Page(JsonObject job, List<LogLine> lines) {
    boolean jobEnded() {
      return JobState.parse(job.getString("state")).isFinal();
    }

    /** The lines the job had stored when the page was read: a short page before it means more are stored. */
    long jobLines() {
      return job.getLong("lines", 0L);
    }
  }

  static Future<Page> read(Vertx vertx, String jobId, long after, int limit, DeliveryOptions asUser) {
    JsonObject query = new JsonObject().put("id", jobId).put("after", after).put("limit", limit);
    String address = BusClient.route(vertx.getOrCreateContext().config(), Bus.LOG);
    return vertx.eventBus().<JsonObject>request(address, query, asUser).map(reply -> {
      JsonArray array = reply.body().getJsonArray("lines");
      List<LogLine> lines = new ArrayList<>(array.size());
      array.forEach(line -> lines.add(LogLine.fromJson((JsonObject) line)));
      return new Page(reply.body().getJsonObject("job"), lines);
    });
  }
}
