package dev.slipway.web;

import dev.slipway.domain.LogLine;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;

/**
 * The dashboard's event stream: each event's data is an HTML fragment for htmx to swap in. A batch of lines is ONE
 * {@code log} event holding a {@code div} per line, its id the last line's number: one swap per batch, not per line.
 */
final class HtmlFormat implements SseFormat {
  private final Templates templates;
  private final String host;

  HtmlFormat(Templates templates, String host) {
    this.templates = templates;
    this.host = host;
  }

  @Override
  public String kind() {
    return "html";
  }

  @Override
  public void appendLogEvents(List<LogLine> lines, StringBuilder out) {
    if (lines.isEmpty()) {
      return;
    }
    StringBuilder html = new StringBuilder(lines.size() * 96);
    lines.forEach(line -> html.append(templates.render("logLine.jte", Map.of("line", line))));
    Sse.appendEvent(out, lines.get(lines.size() - 1).n(), "log", html);
  }

  /** A page is one HTML event: a browser swaps in a thousand lines without a stall. */
  @Override
  public int pageLines() {
    return 1000;
  }

  @Override
  public String stats(JsonObject sample) {
    return StatsText.html(templates, sample);
  }

  @Override
  public String state(JsonObject job) {
    return templates.render("jobStatus.jte", Map.of("job", new JobView(job, host)));
  }
}
