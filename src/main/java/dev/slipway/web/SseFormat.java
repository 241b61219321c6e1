package dev.slipway.web;

import dev.slipway.domain.LogLine;
import io.vertx.core.json.JsonObject;

/** What a job's event stream carries in its {@code data:} fields: raw text for scripts, HTML for the dashboard. */
interface SseFormat {
  String log(LogLine line);

  String state(JsonObject job);

  SseFormat RAW = new SseFormat() {
    @Override
    public String log(LogLine line) {
      return line.text();
    }

    @Override
    public String state(JsonObject job) {
      return job.encode();
    }
  };
}
