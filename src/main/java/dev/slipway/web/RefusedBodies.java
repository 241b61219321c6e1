package dev.slipway.web;

import io.vertx.core.http.HttpServerRequest;

/**
 * A request refused before its body was read (not signed in, too large, a bad header): the body is read on and
 * discarded, up to {@value #DISCARD_LIMIT} bytes, so a client that writes its whole body before it reads (as simple
 * scripts do) is not left blocked on a full socket buffer and sees the answer. A longer body closes the connection.
 */
final class RefusedBodies {
  static final long DISCARD_LIMIT = 64L * 1024 * 1024;

  private RefusedBodies() {
  }

  static void discard(HttpServerRequest request) {
    if (request.isEnded()) {
      return;
    }
    long[] discarded = {0};
    request.handler(chunk -> {
      discarded[0] += chunk.length();
      if (discarded[0] > DISCARD_LIMIT) {
        request.handler(null);
        request.connection().close();
      }
    });
    request.exceptionHandler(e -> { });
    request.resume();
  }
}
