package dev.slipway.testing;

import dev.slipway.Config;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.concurrent.TimeUnit;

/**
 * Slipway as its own process ({@code java dev.slipway.Main config.json}), for what only a real process shows: a
 * SIGTERM, a {@code kill -9}, and a restart on the same data directory.
 */
public final class SlipwayProcess {
  public static final String ADMIN_PASSWORD = "restart-test-admin-pw";
  private final Process process;
  private final WebClient http;
  private final String auth = "Basic " + Base64.getEncoder().encodeToString(("admin:" + ADMIN_PASSWORD).getBytes());

  private SlipwayProcess(Process process, WebClient http) {
    this.process = process;
    this.http = http;
  }

  /** Starts Slipway on {@code port} with {@code dataDir}, and waits until it answers. */
  public static SlipwayProcess start(Vertx vertx, int port, Path dataDir, String name) throws IOException {
    return start(vertx, port, dataDir, name, new JsonObject());
  }

  /**
   * As {@link #start(Vertx, int, Path, String)}, with {@code extra} settings on top (a cluster node's). A node without
   * the web role has no HTTP to ask: it is up once its log says it started.
   */
  public static SlipwayProcess start(Vertx vertx, int port, Path dataDir, String name, JsonObject extra)
      throws IOException {
    Path config = dataDir.resolveSibling(dataDir.getFileName() + "-" + name + ".json");
    JsonObject settings = new JsonObject().put(Config.HTTP_PORT, port).put(Config.BIND_ADDRESS, "127.0.0.1")
        .put(Config.DATA_DIR, dataDir.toString()).put(Config.APPS_DIR, SlipwayServer.TEST_APPS.toString())
        .put(Config.ADMIN_PASSWORD, ADMIN_PASSWORD).put(Config.HEARTBEAT, 1);
    if (DatabaseChoice.postgresForEveryServer()) {
      settings.put(Config.DATABASE_URL, DatabaseChoice.postgresFor(dataDir));
    }
    Files.writeString(config, settings.mergeIn(extra).encode());
    boolean web = extra.getString(Config.ROLES, "web").contains("web");
    Path log = Path.of("target", "slipway-process-" + name + ".log");
    Files.createDirectories(log.getParent());
    Process process = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx512m", "-cp", System.getProperty("java.class.path"), "dev.slipway.Main", config.toString())
        .redirectErrorStream(true).redirectOutput(log.toFile()).start();
    SlipwayProcess slipway = new SlipwayProcess(process,
        WebClient.create(vertx, new WebClientOptions().setDefaultHost("127.0.0.1").setDefaultPort(port)));
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new AssertionError("Slipway exited at start; see " + log.toAbsolutePath());
      }
      try {
        if (web ? slipway.get("/health").statusCode() == 200
            : Files.readString(log).contains("Slipway node " + extra.getString(Config.NODE_NAME) + " started")) {
          return slipway;
        }
      } catch (Exception | AssertionError notYet) {
        // not listening yet
      }
      SlipwayServer.sleep(200);
    }
    process.destroyForcibly();
    throw new AssertionError("Slipway did not answer within 60 s; see " + log.toAbsolutePath());
  }

  public HttpResponse<Buffer> get(String path) {
    return SlipwayServer.await(http.get(path).putHeader("Authorization", auth).timeout(20_000).send());
  }

  public HttpResponse<Buffer> postJson(String path, JsonObject body) {
    return SlipwayServer.await(http.post(path).putHeader("Authorization", auth).sendJsonObject(body));
  }

  /** Signs in as the admin through the login form; the session cookie ({@code slipway_session=…}). */
  public String login(int port) {
    HttpResponse<Buffer> response = SlipwayServer.await(http.post("/login")
        .putHeader("Origin", "http://127.0.0.1:" + port).followRedirects(false)
        .sendForm(io.vertx.core.MultiMap.caseInsensitiveMultiMap().add("name", "admin").add("password", ADMIN_PASSWORD)
            .add("next", "/")));
    if (response.statusCode() != 303) {
      throw new AssertionError("login answered " + response.statusCode() + ": " + response.bodyAsString());
    }
    return response.cookies().stream().filter(c -> c.startsWith("slipway_session=")).findFirst()
        .map(c -> c.split(";", 2)[0]).orElseThrow(() -> new AssertionError("no session cookie"));
  }

  /** A GET with only this cookie (no password): what a browser signed in elsewhere sends. */
  public HttpResponse<Buffer> getWithCookie(String path, String cookie) {
    return SlipwayServer.await(http.get(path).putHeader("Cookie", cookie).timeout(10_000).send());
  }

  public JsonObject job(String id) {
    return get("/api/jobs/" + id).bodyAsJsonObject();
  }

  /** SIGTERM, then waits for the exit; returns how long it took in milliseconds. */
  public long terminate() throws InterruptedException {
    long start = System.nanoTime();
    process.destroy();
    if (!process.waitFor(30, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new AssertionError("Slipway did not stop within 30 s of SIGTERM");
    }
    return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
  }

  /** {@code kill -9}: no shutdown hook runs. */
  public void kill() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor(30, TimeUnit.SECONDS);
  }

  public int exitCode() {
    return process.exitValue();
  }

  public static Path dataDir() {
    try {
      return Files.createTempDirectory("slipway-restart-data");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static String classpath() {
    return System.getProperty("java.class.path").replace(':', File.pathSeparatorChar);
  }
}
