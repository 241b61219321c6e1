package dev.slipway.web;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Map;

/**
 * How a container's log goes to its reader: HTML events for the dashboard (escaped by jte, escape codes dropped),
 * JSON events for scripts, or plain text. An event's id is the engine's time of its last line, which a reconnect
 * sends back ({@code Last-Event-ID}) to resume after it.
 */
interface ContainerLogFormat {
  /** Whether this is an event stream (else plain text). */
  boolean events();

  String lines(JsonArray lines);

  /** A stats sample, or {@code null} when the container stopped; empty for plain text. */
  String stats(JsonObject sample);

  /** The last words: why the log ended ({@code job} when a job of Slipway's ran the container, else null). */
  String end(String error, String job);

  /** The engine's time of a line is a word without line breaks (it parsed as a time), so it is a safe event id. */
  static String withId(String ts, String event) {
    return ts == null ? event : "id: " + ts + "\n" + event;
  }

  /** One {@code log} event per line: {@code {"stream", "text", "ts"}}, its id the line's engine time. */
  ContainerLogFormat JSON = new ContainerLogFormat() {
    @Override
    public boolean events() {
      return true;
    }

    @Override
    public String lines(JsonArray lines) {
      StringBuilder out = new StringBuilder();
      for (Object o : lines) {
        JsonObject line = (JsonObject) o;
        out.append(withId(line.getString("ts"), Sse.event(null, "log", line.encode())));
      }
      return out.toString();
    }

    @Override
    public String stats(JsonObject sample) {
      return Sse.event(null, "stats", sample == null ? new JsonObject().put("ended", true).encode() : sample.encode());
    }

    @Override
    public String end(String error, String job) {
      return Sse.event(null, "end", new JsonObject().put("error", error).put("job", job).encode());
    }
  };

  /** The whole log as text, one line a line, as {@code docker logs} prints it (without the stream apart). */
  ContainerLogFormat TEXT = new ContainerLogFormat() {
    @Override
    public boolean events() {
      return false;
    }

    @Override
    public String lines(JsonArray lines) {
      StringBuilder out = new StringBuilder();
      lines.forEach(o -> out.append(((JsonObject) o).getString("text")).append('\n'));
      return out.toString();
    }

    @Override
    public String stats(JsonObject sample) {
      return "";
    }

    @Override
    public String end(String error, String job) {
      return "";
    }
  };

  /** The dashboard's: a batch of lines is one {@code log} event of HTML. */
  static ContainerLogFormat html(Templates templates) {
    return new ContainerLogFormat() {
      @Override
      public boolean events() {
        return true;
      }

      @Override
      public String lines(JsonArray lines) {
        if (lines.isEmpty()) {
          return "";
        }
        StringBuilder html = new StringBuilder(lines.size() * 96);
        lines.forEach(o -> html.append(templates.render("containerLine.jte", Map.of("line", (JsonObject) o))));
        return withId(lines.getJsonObject(lines.size() - 1).getString("ts"), Sse.event(null, "log", html.toString()));
      }

      @Override
      public String stats(JsonObject sample) {
        return Sse.event(null, "stats", StatsText.html(templates, sample));
      }

      @Override
      public String end(String error, String job) {
        return Sse.event(null, "end", templates.render("containerLogEnd.jte",
            Map.of("error", error == null ? "" : error, "job", job == null ? "" : job)));
      }
    };
  }
}
