package dev.slipway.bench;

import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonObject;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * Slipway's HTTP API as a script uses it: a personal API token made once with the admin's password, then
 * {@code Authorization: Bearer} on every request and event stream. Short requests and event streams use separate
 * connection pools, so thousands of open streams never hold up a request.
 */
final class Api implements AutoCloseable {
  record Response(int status, Buffer body, MultiMap headers, double ms) {
    JsonObject json() {
      return body.toJsonObject();
    }
  }

  final Vertx vertx;
  final int port;
  private final HttpClientAgent requests;
  private final HttpClientAgent streams;
  private final HttpClientAgent polls;
  private String authorization;

  Api(Vertx vertx, int port, String adminPassword) {
    this.vertx = vertx;
    this.port = port;
    this.authorization = "Basic " + Base64.getEncoder()
        .encodeToString(("admin:" + adminPassword).getBytes(StandardCharsets.UTF_8));
    HttpClientOptions options = new HttpClientOptions().setDefaultHost("127.0.0.1").setDefaultPort(port);
    requests = vertx.createHttpClient(options, new PoolOptions().setHttp1MaxSize(64).setEventLoopSize(2));
    streams = vertx.createHttpClient(new HttpClientOptions(options),
        new PoolOptions().setHttp1MaxSize(50_000).setMaxWaitQueueSize(-1).setEventLoopSize(4));
    polls = vertx.createHttpClient(new HttpClientOptions(options), new PoolOptions().setHttp1MaxSize(256));
  }

  /** Makes an API token with the admin's password and uses it from now on (a token costs one hash, not Argon2id). */
  void useToken() {
    Response made = call(HttpMethod.POST, "/api/tokens", new JsonObject().put("name", "bench").toBuffer(),
        "application/json");
    expect(made, 201, "make an API token");
    authorization = "Bearer " + made.json().getString("token");
  }

  /** Uses the token {@code other} made: tokens are rows in the shared database, good on every node of a cluster. */
  void useTokenOf(Api other) {
    authorization = other.authorization;
  }

  /** Signs in through the login form, as a browser does, and returns its session cookie ({@code name=value}). */
  String signIn(String password) {
    String form = "name=admin&password=" + URLEncoder.encode(password, StandardCharsets.UTF_8);
    RequestOptions options = new RequestOptions().setMethod(HttpMethod.POST).setURI("/login")
        .putHeader("Content-Type", "application/x-www-form-urlencoded").putHeader("Origin", "http://127.0.0.1:" + port);
    Response response = await(send(options, Buffer.buffer(form)));
    expect(response, 303, "sign in");
    return response.headers().getAll("Set-Cookie").stream().filter(c -> c.startsWith("slipway_session="))
        .map(c -> c.substring(0, c.indexOf(';') < 0 ? c.length() : c.indexOf(';'))).findFirst()
        .orElseThrow(() -> new IllegalStateException("no session cookie after signing in"));
  }

  RequestOptions options(HttpMethod method, String path) {
    return new RequestOptions().setMethod(method).setURI(path).putHeader("Authorization", authorization)
        .setIdleTimeout(30_000);
  }

  /** Sends and reads the whole answer; {@code ms} runs from sending to the last byte of the body. */
  Future<Response> send(RequestOptions options, Buffer body) {
    return send(requests, options, body);
  }

  /** As {@link #send}, on a pool of its own: an open-loop poller never queues the scenario's own requests. */
  Future<Response> poll(RequestOptions options, Buffer body) {
    return send(polls, options, body);
  }

  private static Future<Response> send(HttpClientAgent client, RequestOptions options, Buffer body) {
    long start = System.nanoTime();
    // Bounded as a whole too, so that an answer that never comes can never hang the benchmark.
    long bound = options.getIdleTimeout() > 0 ? options.getIdleTimeout() + 5_000 : 600_000;
    return client.request(options)
        .compose(request -> body == null ? request.send() : request.send(body))
        .compose(response -> response.body().map(b -> new Response(response.statusCode(), b, response.headers(),
            (System.nanoTime() - start) / 1e6)))
        .timeout(bound, TimeUnit.MILLISECONDS);
  }

  Response call(HttpMethod method, String path, Buffer body, String contentType) {
    RequestOptions options = options(method, path);
    if (contentType != null) {
      options.putHeader("Content-Type", contentType);
    }
    return await(send(options, body));
  }

  Response get(String path) {
    return call(HttpMethod.GET, path, null, null);
  }

  /** Streams {@code GET path} and counts its lines as they come, as a client saving it would: {lines, bytes}. */
  Future<long[]> download(String path) {
    return requests.request(options(HttpMethod.GET, path)).compose(request -> request.send()).compose(response -> {
      if (response.statusCode() != 200) {
        return Future.failedFuture(new IllegalStateException(path + " answered " + response.statusCode()));
      }
      long[] counts = new long[2];
      io.vertx.core.Promise<long[]> done = io.vertx.core.Promise.promise();
      response.handler(chunk -> {
        counts[1] += chunk.length();
        for (int i = 0; i < chunk.length(); i++) {
          if (chunk.getByte(i) == '\n') {
            counts[0]++;
          }
        }
      });
      response.exceptionHandler(done::tryFail);
      response.endHandler(v -> done.tryComplete(counts));
      return done.future();
    });
  }


  /** Whether the server answers {@code /health} within 10 s. */
  boolean answers() {
    try {
      return send(options(HttpMethod.GET, "/health").setIdleTimeout(10_000), null).await(15, TimeUnit.SECONDS)
          .status() == 200;
    } catch (Exception e) {
      return false;
    }
  }

  /** Submits a run and returns the job of its 202. */
  JsonObject submitRun(JsonObject body) {
    Response response = call(HttpMethod.POST, "/api/runs", body.toBuffer(), "application/json");
    expect(response, 202, "submit a run");
    return response.json();
  }

  JsonObject job(String id) {
    Response response = get("/api/jobs/" + id);
    expect(response, 200, "read job " + id);
    return response.json();
  }

  void cancel(String id) {
    call(HttpMethod.POST, "/api/jobs/" + id + "/cancel", null, null);
  }

  /** Polls the job every 50 ms until {@code until} holds; fails after {@code seconds}. */
  JsonObject awaitJob(String id, int seconds, Predicate<JsonObject> until) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    JsonObject job = jobOrNull(id);
    while (job == null || !until.test(job)) {
      if (System.nanoTime() > deadline) {
        if (job == null) {
          throw new IllegalStateException("job " + id + " not readable within " + seconds + " s");
        }
        throw new IllegalStateException("job " + id + " not there within " + seconds + " s: it is "
            + job.getString("state") + " with " + job.getLong("lines", 0L) + " lines");
      }
      Thread.sleep(50);
      job = jobOrNull(id);
    }
    return job;
  }

  /** The job, or null when the server did not answer (a busy server is no reason to stop waiting). */
  private JsonObject jobOrNull(String id) {
    try {
      return job(id);
    } catch (RuntimeException e) {
      Progress.say("could not read job %s: %s", id, e.getMessage());
      return null;
    }
  }

  static boolean ended(JsonObject job) {
    String state = job.getString("state");
    return "succeeded".equals(state) || "failed".equals(state) || "cancelled".equals(state);
  }

  static boolean running(JsonObject job) {
    return "running".equals(job.getString("state")) && job.getString("containerId") != null;
  }

  /** Opens {@code GET path} as an event stream on the streams' pool. */
  Future<SseStream> stream(String path, SseStream.Listener listener) {
    return stream(path, listener, 0);
  }

  /** Opens {@code GET path} as an event stream, resuming after line {@code lastEventId} when above 0. */
  Future<SseStream> stream(String path, SseStream.Listener listener, long lastEventId) {
    RequestOptions options = options(HttpMethod.GET, path).setIdleTimeout(0).putHeader("Accept", "text/event-stream");
    if (lastEventId > 0) {
      options.putHeader("Last-Event-ID", Long.toString(lastEventId));
    }
    return SseStream.open(streams, options, listener);
  }

  static <T> T await(Future<T> future) {
    try {
      return future.await(10, TimeUnit.MINUTES);
    } catch (java.util.concurrent.TimeoutException e) {
      throw new IllegalStateException("no answer in time: " + e.getMessage(), e);
    }
  }

  static void expect(Response response, int status, String what) {
    if (response.status() != status) {
      throw new IllegalStateException("could not " + what + ": " + response.status() + " " + response.body());
    }
  }

  @Override
  public void close() {
    requests.close();
    streams.close();
    polls.close();
  }
}
