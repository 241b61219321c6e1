package dev.slipway.web;

import dev.slipway.domain.LogLine;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One batch of a job's lines as published on the bus, numbered {@link #first} to {@link #last} without a gap. Its
 * events are rendered at most once per format kind and the same bytes are written to every follower (Vert.x hands
 * each response a view of the same memory): 1,000 followers cost one rendering, not 1,000.
 */
final class LogBatch {
  final List<LogLine> lines;
  final long first;
  final long last;
  private final long chars;
  private final Map<String, Buffer> rendered = new HashMap<>(2);

  private LogBatch(List<LogLine> lines) {
    this.lines = lines;
    this.first = lines.get(0).n();
    this.last = lines.get(lines.size() - 1).n();
    long sum = 0;
    for (LogLine line : lines) {
      sum += line.text().length();
    }
    this.chars = sum;
  }

  /** The batch in a bus message, or null when it holds no line or its numbers are not consecutive (never kept). */
  static LogBatch fromBus(JsonObject body) {
    JsonArray array = body.getJsonArray("lines");
    if (array == null || array.isEmpty()) {
      return null;
    }
    List<LogLine> lines = new ArrayList<>(array.size());
    for (Object o : array) {
      LogLine line = LogLine.fromJson((JsonObject) o);
      if (!lines.isEmpty() && line.n() != lines.get(lines.size() - 1).n() + 1) {
        return null;
      }
      lines.add(line);
    }
    return new LogBatch(lines);
  }

  /** Consecutive batches as one (the same one when there is only one): what a follower gets in one write. */
  static LogBatch merge(List<LogBatch> batches) {
    if (batches.size() == 1) {
      return batches.get(0);
    }
    List<LogLine> lines = new ArrayList<>();
    batches.forEach(batch -> lines.addAll(batch.lines));
    return new LogBatch(lines);
  }

  /** The events of the lines after {@code after}: the shared rendering when that is all of them. */
  Buffer eventsAfter(long after, SseFormat format) {
    if (after < first) {
      return rendered.computeIfAbsent(format.kind(), kind -> render(lines, format));
    }
    return render(lines.subList((int) (after - first + 1), lines.size()), format);
  }

  /** About what this batch holds: its text three times over (the lines, and a rendering per format). */
  long weight() {
    return 3 * chars + 64L * lines.size();
  }

  private static Buffer render(List<LogLine> lines, SseFormat format) {
    StringBuilder out = new StringBuilder(lines.size() * 48);
    format.appendLogEvents(lines, out);
    return SharedBytes.of(out.toString());
  }
}
