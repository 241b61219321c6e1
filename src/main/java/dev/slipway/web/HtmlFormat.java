package dev.slipway.web;

import dev.slipway.domain.LogLine;
import io.vertx.core.json.JsonObject;
import java.util.Map;

/** The dashboard's event stream: each event's data is an HTML fragment for htmx to swap in. */
final class HtmlFormat implements SseFormat {
  private final Templates templates;
  private final String host;

  HtmlFormat(Templates templates, String host) {
    this.templates = templates;
    this.host = host;
  }

  @Override
  public String log(LogLine line) {
    return templates.render("logLine.jte", Map.of("line", line));
  }

  @Override
  public String state(JsonObject job) {
    return templates.render("jobStatus.jte", Map.of("job", new JobView(job, host)));
  }
}
