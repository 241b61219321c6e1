package dev.slipway.testing;

import dev.slipway.Config;
import dev.slipway.Main;
import dev.slipway.domain.Role;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.ext.web.client.WebClientSession;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A real Slipway (all three verticles) on a free port, with its own data directory, driven over real HTTP. Its
 * {@code admin} has the password {@link #ADMIN_PASSWORD}; {@link #http} and the helpers below sign in as admin with
 * HTTP Basic, {@link #as(User)} as another user, {@link #anonymous()} not at all.
 */
public final class SlipwayServer {
  public static final Path TEST_APPS = Path.of("src/test/resources/apps").toAbsolutePath();
  public static final String ADMIN = "admin";
  /** Random per test run, so that a test can look for it where it must never appear (logs, audit, database). */
  public static final String ADMIN_PASSWORD = "Admin-" + UUID.randomUUID();
  public static final String ADMIN_AUTHORIZATION = basic(ADMIN, ADMIN_PASSWORD);

  /** A user of this server, made by {@link #createUser(Role)}. */
  public record User(String name, String password, Role role) {
    public String authorization() {
      return basic(name, password);
    }
  }

  public final Vertx vertx;
  public final int port;
  public final Path dataDir;
  /** The PostgreSQL database this server uses ({@link Config#DATABASE_URL}), or null for its embedded H2. */
  public final String databaseUrl;
  /** Sends the admin's credentials with every request; send other credentials through {@link #as} or a raw client. */
  public final WebClient http;
  /** Serves HTTPS (with HTTP/2), started with {@link Config#TLS_CERT} and {@link Config#TLS_KEY}: clients trust it. */
  public final boolean tls;

  private SlipwayServer(Vertx vertx, int port, Path dataDir, String databaseUrl, boolean tls) {
    this.vertx = vertx;
    this.port = port;
    this.dataDir = dataDir;
    this.databaseUrl = databaseUrl;
    this.tls = tls;
    this.http = client(null, ADMIN_AUTHORIZATION);
  }

  /** {@code Basic base64(name:password)}, for an {@code Authorization} header. */
  public static String basic(String name, String password) {
    return "Basic " + Base64.getEncoder().encodeToString((name + ":" + password).getBytes(StandardCharsets.UTF_8));
  }

  /** A client that signs in as {@code user} with HTTP Basic on every request. */
  public WebClient as(User user) {
    return client(null, user.authorization());
  }

  /** A client that sends no credentials; it keeps the cookies the server sets, like a browser. */
  public WebClientSession anonymous() {
    return client(null, null);
  }

  /**
   * A client whose connections come from {@code localAddress} (any of 127.0.0.0/8), so that the server sees another
   * client address; {@code authorization} is sent with every request unless null. It keeps cookies.
   */
  public WebClientSession client(String localAddress, String authorization) {
    WebClientOptions options = new WebClientOptions().setDefaultHost("127.0.0.1").setDefaultPort(port);
    if (localAddress != null) {
      options.setLocalAddress(localAddress);
    }
    if (tls) {
      options.setSsl(true).setTrustAll(true).setVerifyHost(false);
    }
    WebClientSession session = WebClientSession.create(WebClient.create(vertx, options));
    return authorization == null ? session : session.addHeader("Authorization", authorization);
  }

  /** This server's own origin, as a browser sends it in {@code Origin} from Slipway's pages. */
  public String origin() {
    return (tls ? "https" : "http") + "://127.0.0.1:" + port;
  }

  /**
   * An HTTP/2-only client (ALPN, trusting the test certificate) for a server started with TLS; {@code onConnect}
   * sees each connection it opens. Send its requests with {@link #request}, which signs in as the admin.
   */
  public io.vertx.core.http.HttpClientAgent http2(io.vertx.core.Handler<io.vertx.core.http.HttpConnection> onConnect) {
    return vertx.httpClientBuilder().with(new io.vertx.core.http.HttpClientOptions().setSsl(true).setUseAlpn(true)
            .setProtocolVersion(io.vertx.core.http.HttpVersion.HTTP_2).setTrustAll(true).setVerifyHost(false)
            .setDefaultHost("127.0.0.1").setDefaultPort(port))
        .withConnectHandler(onConnect).build();
  }

  /** A GET of {@code uri} on this server as the admin, for a raw {@code HttpClient} such as {@link #http2}. */
  public io.vertx.core.http.RequestOptions request(String uri) {
    return new io.vertx.core.http.RequestOptions().setMethod(io.vertx.core.http.HttpMethod.GET).setHost("127.0.0.1")
        .setPort(port).setURI(uri).putHeader("Authorization", ADMIN_AUTHORIZATION);
  }

  /**
   * Signs in through the login form as a browser would (with this server's {@code Origin}) and returns the client
   * holding the session cookie. It sends no {@code Origin} afterwards unless a request adds one.
   */
  public WebClientSession signIn(String name, String password) {
    WebClientSession browser = anonymous();
    HttpResponse<Buffer> response = await(browser.post("/login").putHeader("Origin", origin()).followRedirects(false)
        .sendForm(io.vertx.core.MultiMap.caseInsensitiveMultiMap().add("name", name).add("password", password)));
    if (response.statusCode() != 303) {
      throw new AssertionError("could not sign in as " + name + ": " + response.statusCode());
    }
    return browser;
  }

  /** Creates a user with a fresh unique name and password (as admin, through the API). */
  public User createUser(Role role) {
    String name = role.wire() + "-" + UUID.randomUUID().toString().substring(0, 8);
    String password = "Pw-" + UUID.randomUUID();
    HttpResponse<Buffer> response = postJson("/api/users", new JsonObject().put("name", name).put("password", password)
        .put("role", role.wire()));
    if (response.statusCode() != 201) {
      throw new AssertionError("could not create a " + role.wire() + ": " + response.statusCode() + " "
          + response.bodyAsString());
    }
    return new User(name, password, role);
  }

  public static SlipwayServer start(Vertx vertx) {
    return start(vertx, new JsonObject());
  }

  /**
   * A Vert.x with metrics on, as {@code Main} makes it: a server started on it with the same {@code overrides} serves
   * Vert.x's own meters at {@code /metrics} too (any server serves Slipway's). The caller closes it.
   */
  public static Vertx vertxWithMetrics(JsonObject overrides) {
    return Vertx.vertx(dev.slipway.metrics.Metrics.configure(new io.vertx.core.VertxOptions(), overrides));
  }

  /**
   * A server with these settings; {@code overrides} may name a PostgreSQL database ({@link Config#DATABASE_URL}, e.g.
   * from {@link Postgres#freshDatabase()}), else it uses H2, or with {@code -Dslipway.test.database=postgres} a fresh
   * PostgreSQL database of its own (the same one again for a server started again on the same data directory).
   */
  public static SlipwayServer start(Vertx vertx, JsonObject overrides) {
    try {
      Path data = Files.createTempDirectory("slipway-test-data");
      int port = freePort();
      JsonObject config = Config.resolve(System.getenv(), new JsonObject()
          .put(Config.HTTP_PORT, port)
          .put(Config.BIND_ADDRESS, "127.0.0.1")
          .put(Config.APPS_DIR, TEST_APPS.toString())
          .put(Config.DATA_DIR, data.toString())
          .put(Config.HEARTBEAT, 1)
          .put(Config.ADMIN_PASSWORD, ADMIN_PASSWORD)
          .mergeIn(overrides));
      Path dataDir = Path.of(config.getString(Config.DATA_DIR));
      if (!Config.usesPostgres(config) && DatabaseChoice.postgresForEveryServer()) {
        config.put(Config.DATABASE_URL, DatabaseChoice.postgresFor(dataDir));
      }
      Main.deploy(vertx, config).await(60, TimeUnit.SECONDS);
      return new SlipwayServer(vertx, port, dataDir, Config.usesPostgres(config) ? config.getString(Config.DATABASE_URL)
          : null, !config.getString(Config.TLS_CERT, "").isBlank());
    } catch (Exception e) {
      throw new AssertionError("Slipway did not start: " + e, e);
    }
  }

  /**
   * A Slipway running elsewhere (a container, say) on 127.0.0.1:{@code port}, whose admin was created with
   * {@link #ADMIN_PASSWORD}; {@code tls} when it serves HTTPS. It has no data directory here ({@link #dataDir} null).
   */
  public static SlipwayServer at(Vertx vertx, int port, boolean tls) {
    return new SlipwayServer(vertx, port, null, null, tls);
  }

  public static int freePort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public HttpResponse<Buffer> get(String path) {
    return await(http.get(path).send());
  }

  public HttpResponse<Buffer> postJson(String path, JsonObject body) {
    return await(http.post(path).sendJsonObject(body));
  }

  public HttpResponse<Buffer> postTar(String path, byte[] tar) {
    return await(http.post(path).putHeader("Content-Type", "application/x-tar").sendBuffer(Buffer.buffer(tar)));
  }

  /** Submits and expects 202; returns the job. */
  public JsonObject submit(String path, JsonObject body) {
    HttpResponse<Buffer> response = postJson(path, body);
    if (response.statusCode() != 202) {
      throw new AssertionError("expected 202 from " + path + ", got " + response.statusCode() + ": "
          + response.bodyAsString());
    }
    return response.bodyAsJsonObject();
  }

  public JsonObject job(String id) {
    return get("/api/jobs/" + id).bodyAsJsonObject();
  }

  /** Waits until the job has ended (or {@code seconds} pass) and returns it. */
  public JsonObject awaitEnd(String id, int seconds) {
    return awaitJob(id, seconds, job -> Set.FINAL.contains(job.getString("state")));
  }

  public JsonObject awaitJob(String id, int seconds, Predicate<JsonObject> until) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    JsonObject job = job(id);
    while (!until.test(job)) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("job did not get there within " + seconds + " s: " + job.encodePrettily()
            + "\nlog:\n" + get("/api/jobs/" + id + "/log").bodyAsString());
      }
      sleep(100);
      job = job(id);
    }
    return job;
  }

  public String log(String id) {
    String log = get("/api/jobs/" + id + "/log").bodyAsString();
    return log == null ? "" : log;
  }

  /** The containers of every node ({@code GET /api/containers} answers them with the nodes that did not answer). */
  public JsonArray containers() {
    return get("/api/containers").bodyAsJsonObject().getJsonArray("containers");
  }

  public static <T> T await(io.vertx.core.Future<T> future) {
    try {
      return future.await(120, TimeUnit.SECONDS);
    } catch (java.util.concurrent.TimeoutException e) {
      throw new AssertionError("no answer within 120 s", e);
    }
  }

  public static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  private static final class Set {
    static final java.util.Set<String> FINAL = java.util.Set.of("succeeded", "failed", "cancelled");
  }
}
