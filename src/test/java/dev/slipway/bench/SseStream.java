package dev.slipway.bench;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.RequestOptions;
import java.nio.charset.StandardCharsets;

/**
 * One server-sent events connection, parsed byte by byte without making a String per event: a thousand of them may
 * read gigabytes in a scenario on the same machine as the server. {@code log} events go to
 * {@link Listener#log} with their id and data bytes; other events ({@code state}, {@code end}) as text.
 */
final class SseStream {
  interface Listener {
    /** A {@code log} event; {@code data} is only valid during the call. {@code arrivalNanos} is System.nanoTime(). */
    void log(long id, byte[] data, int length, long arrivalNanos);

    default void event(String name, String data) {
    }

    /** The stream's {@code retry:} field: how long a browser waits before reconnecting. */
    default void retry(long ms) {
    }

    /** The stream ended: by the server when {@code failure} is null. */
    default void closed(Throwable failure) {
    }
  }

  private static final byte[] LOG = "log".getBytes(StandardCharsets.US_ASCII);

  private final Listener listener;
  private HttpClientResponse response;
  private byte[] partial = new byte[0];
  private byte[] data = new byte[256];
  private int dataLength;
  private boolean hasData;
  private long id = -1;
  private String event;
  private boolean isLog;
  private volatile boolean open = true;

  private SseStream(Listener listener) {
    this.listener = listener;
  }

  /** Completes when the answer's headers are in; fails on a status other than 200. */
  static Future<SseStream> open(HttpClientAgent client, RequestOptions options, Listener listener) {
    SseStream stream = new SseStream(listener);
    return client.request(options).compose(request -> request.send()).compose(response -> {
      if (response.statusCode() != 200) {
        return response.body().compose(body -> Future.failedFuture(
            new IllegalStateException("event stream answered " + response.statusCode() + ": " + body)));
      }
      stream.response = response;
      response.handler(stream::chunk);
      response.exceptionHandler(e -> stream.finish(e));
      response.endHandler(v -> stream.finish(null));
      return Future.succeededFuture(stream);
    });
  }

  boolean isOpen() {
    return open;
  }

  /** Hangs up. */
  void close() {
    if (open && response != null) {
      open = false;
      response.request().connection().close();
    }
  }

  private void finish(Throwable failure) {
    if (open) {
      open = false;
      listener.closed(failure);
    }
  }

  /** The number a generator line ends with ({@code "fan 1234"} → 1234); -1 when it ends with no digit. */
  static long trailingNumber(byte[] data, int length) {
    int i = length;
    while (i > 0 && data[i - 1] >= '0' && data[i - 1] <= '9') {
      i--;
    }
    if (i == length) {
      return -1;
    }
    long n = 0;
    for (; i < length; i++) {
      n = n * 10 + (data[i] - '0');
    }
    return n;
  }

  private void chunk(Buffer buffer) {
    long arrival = System.nanoTime();
    byte[] bytes = buffer.getBytes();
    int start = 0;
    for (int i = 0; i < bytes.length; i++) {
      if (bytes[i] != '\n') {
        continue;
      }
      if (partial.length > 0) {
        byte[] joined = new byte[partial.length + i - start];
        System.arraycopy(partial, 0, joined, 0, partial.length);
        System.arraycopy(bytes, start, joined, partial.length, i - start);
        partial = new byte[0];
        line(joined, 0, joined.length, arrival);
      } else {
        line(bytes, start, i, arrival);
      }
      start = i + 1;
    }
    if (start < bytes.length) {
      byte[] rest = new byte[partial.length + bytes.length - start];
      System.arraycopy(partial, 0, rest, 0, partial.length);
      System.arraycopy(bytes, start, rest, partial.length, bytes.length - start);
      partial = rest;
    }
  }

  private void line(byte[] b, int from, int to, long arrival) {
    if (from == to) {
      dispatch(arrival);
      return;
    }
    if (b[from] == ':') {
      return; // a comment: keep-alive
    }
    int colon = from;
    while (colon < to && b[colon] != ':') {
      colon++;
    }
    int value = colon + 1 < to && b[colon + 1] == ' ' ? colon + 2 : Math.min(colon + 1, to);
    int nameLength = colon - from;
    if (nameLength == 2 && b[from] == 'i' && b[from + 1] == 'd') {
      long n = 0;
      for (int i = value; i < to; i++) {
        n = n * 10 + (b[i] - '0');
      }
      id = n;
    } else if (nameLength == 5 && b[from] == 'e') {
      isLog = to - value == LOG.length && b[value] == 'l' && b[value + 1] == 'o' && b[value + 2] == 'g';
      event = isLog ? "log" : new String(b, value, to - value, StandardCharsets.UTF_8);
    } else if (nameLength == 5 && b[from] == 'r') {
      long ms = 0;
      for (int i = value; i < to; i++) {
        ms = ms * 10 + (b[i] - '0');
      }
      listener.retry(ms);
    } else if (nameLength == 4 && b[from] == 'd') {
      int length = to - value + (hasData ? 1 : 0);
      if (dataLength + length > data.length) {
        data = java.util.Arrays.copyOf(data, Math.max(data.length * 2, dataLength + length));
      }
      if (hasData) {
        data[dataLength++] = '\n';
      }
      System.arraycopy(b, value, data, dataLength, to - value);
      dataLength += to - value;
      hasData = true;
    }
  }

  private void dispatch(long arrival) {
    if (isLog) {
      listener.log(id, data, dataLength, arrival);
    } else if (event != null || hasData) {
      listener.event(event == null ? "message" : event, new String(data, 0, dataLength, StandardCharsets.UTF_8));
    }
    id = -1;
    event = null;
    isLog = false;
    hasData = false;
    dataLength = 0;
  }
}
