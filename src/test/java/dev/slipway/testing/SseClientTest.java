package dev.slipway.testing;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpServer;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The test harness's event-stream reader keeps every event, however late the calling thread gets to run. On a busy
 * machine the test thread can be held up between two calls for longer than a whole exchange takes; a reader that
 * puts its handlers on the response from that thread misses whatever arrived meanwhile (Vert.x drops chunks that
 * reach a response without a handler). That made HistoryRestartTest see a replay with no log line.
 */
class SseClientTest {
  private static final String FIRST = "retry: 2000\n\nid: 1\nevent: log\ndata: one\n\n";
  private static final String LAST = "event: end\ndata: done\n\n";

  private final Vertx serverVertx = Vertx.vertx();
  private final Vertx clientVertx = Vertx.vertx();
  /** The server sends the rest of the stream once the slow caller has done everything it was going to do. */
  private final Promise<Void> rest = Promise.promise();

  @AfterEach
  void close() throws Exception {
    clientVertx.close().await(10, TimeUnit.SECONDS);
    serverVertx.close().await(10, TimeUnit.SECONDS);
  }

  @Test
  void keepsTheEventsThatArriveBeforeTheCallingThreadRunsAgain() throws Exception {
    HttpServer server = serverVertx.createHttpServer().requestHandler(request -> {
      // One write: the head and the first event reach the client together, as a short replay does.
      request.response().setChunked(true).putHeader("Content-Type", "text/event-stream").write(FIRST);
      rest.future().onComplete(v -> request.response().end(LAST));
    }).listen(0, "127.0.0.1").await(10, TimeUnit.SECONDS);

    SseClient.Result result = SlipwayServer.await(SseClient.read(slowCaller(clientVertx), server.actualPort(),
        "/events", null, e -> false));

    assertThat(result.endedByServer()).isTrue();
    assertThat(result.events()).extracting(SseClient.Event::event).containsExactly("log", "end");
    assertThat(result.named("log")).containsExactly(new SseClient.Event("1", "log", "one"));
  }

  /**
   * This Vert.x, but its HTTP clients' futures take a listener only once they have completed and the client's event
   * loop has handled everything that came with that completion: the calling thread was held up just before each
   * call. Once the caller has done what it does with the response, the server sends the rest of its stream.
   */
  private Vertx slowCaller(Vertx vertx) {
    return proxy(Vertx.class, vertx, (real, method, args) -> method.getName().equals("createHttpClient")
        ? proxy(HttpClientAgent.class, (HttpClientAgent) invoke(real, method, args), this::lateFutures)
        : invoke(real, method, args));
  }

  private Object lateFutures(Object real, Method method, Object[] args) throws Exception {
    Object value = invoke(real, method, args);
    return value instanceof Future<?> future ? late(future) : value;
  }

  private Future<?> late(Future<?> future) {
    return proxy(Future.class, future, (real, method, args) -> {
      boolean addsListener = args != null && args.length > 0 && method.getReturnType() == Future.class
          && !method.getName().equals("await");
      if (addsListener) {
        handled(future);
      }
      Object value = invoke(real, method, args);
      if (addsListener) {
        handled(future);
        if (future.result() instanceof HttpClientResponse) {
          rest.tryComplete();
        }
      }
      return value instanceof Future<?> next ? late(next) : value;
    });
  }

  /** Waits until {@code future} has completed and its context has run every task queued so far. */
  private static void handled(Future<?> future) throws InterruptedException {
    CountDownLatch done = new CountDownLatch(1);
    // Added from this thread, the listener runs as a task on the future's context, behind what is queued there.
    future.onComplete(ar -> done.countDown());
    assertThat(done.await(10, TimeUnit.SECONDS)).as("the future completes").isTrue();
  }

  private interface Call {
    Object invoke(Object real, Method method, Object[] args) throws Exception;
  }

  private static <T> T proxy(Class<T> type, T real, Call call) {
    InvocationHandler handler = (p, method, args) -> call.invoke(real, method, args);
    return type.cast(Proxy.newProxyInstance(SseClientTest.class.getClassLoader(), new Class<?>[] {type}, handler));
  }

  private static Object invoke(Object real, Method method, Object[] args) throws Exception {
    try {
      return method.invoke(real, args);
    } catch (InvocationTargetException e) {
      throw e.getCause() instanceof Exception cause ? cause : new RuntimeException(e.getCause());
    }
  }
}
