package dev.slipway.testing;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * A strict server-sent events reader for tests: parses the wire format itself (UTF-8, lines split anywhere),
 * collects every event, and can hang up early to test reconnects.
 */
public final class SseClient {
  public record Event(String id, String event, String data) {
  }

  public record Result(int status, String contentType, List<Event> events, boolean endedByServer, String comments) {
    public List<Event> named(String name) {
      return events.stream().filter(e -> name.equals(e.event())).toList();
    }
  }

  private SseClient() {
  }

  /** As the admin: reads until the server ends the stream, or {@code stopWhen} holds for an event (then hangs up). */
  public static Future<Result> read(Vertx vertx, int port, String path, String lastEventId, Predicate<Event> stopWhen) {
    return read(vertx, port, path, lastEventId, stopWhen, SlipwayServer.ADMIN_AUTHORIZATION);
  }

  /** With this {@code Authorization} header (none when null). */
  public static Future<Result> read(Vertx vertx, int port, String path, String lastEventId, Predicate<Event> stopWhen,
                                    String authorization) {
    HttpClient client = vertx.createHttpClient();
    RequestOptions options = new RequestOptions().setMethod(HttpMethod.GET).setHost("127.0.0.1").setPort(port)
        .setURI(path).putHeader("Accept", "text/event-stream");
    if (authorization != null) {
      options.putHeader("Authorization", authorization);
    }
    if (lastEventId != null) {
      options.putHeader("Last-Event-ID", lastEventId);
    }
    Promise<Result> result = Promise.promise();
    // The handlers go on the response in the very callback that delivers it, on the client's event loop. Added from
    // this thread after send() they may come after the response (a busy machine can hold this thread up for as long
    // as a whole exchange takes), and Vert.x drops the chunks that reach a response without a handler.
    client.request(options)
        .compose(req -> req.send().onSuccess(response -> {
          try {
            parse(response, stopWhen, result, client);
          } catch (RuntimeException e) {
            // A response already read (the handlers came too late) fails the read at once, not after a timeout.
            result.tryFail(e);
          }
        }))
        .onFailure(result::tryFail);
    return result.future();
  }

  private static void parse(HttpClientResponse response, Predicate<Event> stopWhen, Promise<Result> result,
                            HttpClient client) {
    List<Event> events = new ArrayList<>();
    StringBuilder comments = new StringBuilder();
    Buffer[] pending = {Buffer.buffer()};
    String[] field = {null, null};
    StringBuilder data = new StringBuilder();
    boolean[] hasData = {false};
    response.handler(chunk -> {
      Buffer buffer = pending[0].appendBuffer(chunk);
      int start = 0;
      for (int i = 0; i < buffer.length(); i++) {
        if (buffer.getByte(i) != '\n') {
          continue;
        }
        String line = buffer.getString(start, i, StandardCharsets.UTF_8.name());
        start = i + 1;
        if (line.isEmpty()) {
          if (hasData[0] || field[1] != null) {
            Event event = new Event(field[0], field[1] == null ? "message" : field[1], data.toString());
            events.add(event);
            if (stopWhen.test(event)) {
              result.tryComplete(new Result(response.statusCode(), response.getHeader("Content-Type"),
                  List.copyOf(events), false, comments.toString()));
              response.pause();
              client.close();
              return;
            }
          }
          field[0] = null;
          field[1] = null;
          data.setLength(0);
          hasData[0] = false;
        } else if (line.startsWith(":")) {
          comments.append(line).append('\n');
        } else if (line.startsWith("id: ")) {
          field[0] = line.substring(4);
        } else if (line.startsWith("event: ")) {
          field[1] = line.substring(7);
        } else if (line.startsWith("data: ")) {
          data.append(hasData[0] ? "\n" : "").append(line.substring(6));
          hasData[0] = true;
        }
      }
      pending[0] = buffer.getBuffer(start, buffer.length());
    });
    response.exceptionHandler(result::tryFail);
    response.endHandler(v -> {
      result.tryComplete(new Result(response.statusCode(), response.getHeader("Content-Type"), List.copyOf(events),
          true, comments.toString()));
      client.close();
    });
  }
}
