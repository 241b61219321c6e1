package dev.slipway.web;

import dev.slipway.domain.LogLine;
import io.vertx.core.json.JsonObject;
import java.util.List;

/**
 * What a job's event stream carries: raw text for scripts, HTML for the dashboard. Lines go out in batches, and a
 * batch is rendered once per node and format, whatever the number of followers: {@link #kind()} names the rendering,
 * so followers whose formats share a kind share the rendered bytes.
 */
interface SseFormat {
  /** Equal for formats that render lines alike (the cache key of a rendered batch). */
  String kind();

  /** Appends the events for these lines, in order, each event's id the number of the last line it carries. */
  void appendLogEvents(List<LogLine> lines, StringBuilder out);

  String state(JsonObject job);

  /** A {@code stats} event's data: a sample of the job's container, or null once it stopped (see {@link JobStatsTap}). */
  default String stats(JsonObject sample) {
    return sample == null ? new JsonObject().put("ended", true).encode() : sample.encode();
  }

  /** Lines per page of the stored log while catching up (a page is one write). */
  default int pageLines() {
    return 5000;
  }

  /** For scripts: one {@code log} event per line, its id the line number, its data the text. */
  SseFormat RAW = new SseFormat() {
    @Override
    public String kind() {
      return "raw";
    }

    @Override
    public void appendLogEvents(List<LogLine> lines, StringBuilder out) {
      lines.forEach(line -> Sse.appendEvent(out, line.n(), "log", line.text()));
    }

    @Override
    public String state(JsonObject job) {
      return job.encode();
    }
  };
}
