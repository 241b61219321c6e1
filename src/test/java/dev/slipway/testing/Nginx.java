package dev.slipway.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Debian's nginx running the example configuration {@code docker/nginx/slipway.conf} in front of a test cluster's web
 * nodes: the example's upstream servers, listen ports and certificate are replaced by the test's, nothing else. It
 * runs as a child process with a prefix of its own (config, pid, logs, temp files), never as the system's service.
 */
public final class Nginx implements AutoCloseable {
  public static final Path EXAMPLE = Path.of("docker/nginx/slipway.conf");
  private static final Path EXECUTABLE = Path.of("/usr/sbin/nginx");
  /** What the example says, and the test replaces: each must be in it, so the two cannot drift apart. */
  private static final String NODE_A = "10.0.0.11:8080";
  private static final String NODE_B = "10.0.0.12:8080";
  private static final String HTTPS_LISTEN = "listen 443 ssl http2;";
  private static final String HTTP_LISTEN = "listen 80;";
  private static final String CERT = "/etc/nginx/tls/slipway.crt";
  private static final String KEY = "/etc/nginx/tls/slipway.key";

  private final String name;
  private final Process process;
  private final Path prefix;
  private final int port;
  private final SelfSignedCert cert;

  private Nginx(String name, Process process, Path prefix, int port, SelfSignedCert cert) {
    this.name = name;
    this.process = process;
    this.prefix = prefix;
    this.port = port;
    this.cert = cert;
  }

  /**
   * Starts nginx with the example in front of the web nodes on {@code nodeA} and {@code nodeB} (127.0.0.1); its logs
   * are kept in {@code target/nginx-<name>/} when it stops.
   */
  public static Nginx start(String name, int nodeA, int nodeB) throws InterruptedException {
    if (!Files.isExecutable(EXECUTABLE)) {
      throw new AssertionError("the proxy tests need nginx at " + EXECUTABLE + " (bash .ci/setup-docker, or "
          + "apt-get install -y nginx)");
    }
    try {
      Path prefix = Files.createTempDirectory("slipway-nginx");
      // nginx's workers run as nobody when the master is root: they must reach the temp folders in here.
      Files.setPosixFilePermissions(prefix, PosixFilePermissions.fromString("rwxr-xr-x"));
      Files.createDirectories(prefix.resolve("logs"));
      Files.createDirectories(prefix.resolve("temp"));
      SelfSignedCert cert = SelfSignedCert.create();
      int port = SlipwayServer.freePort();
      String site = fill(Files.readString(EXAMPLE), List.of(
          NODE_A, "127.0.0.1:" + nodeA,
          NODE_B, "127.0.0.1:" + nodeB,
          HTTPS_LISTEN, "listen 127.0.0.1:" + port + " ssl http2;",
          HTTP_LISTEN, "listen 127.0.0.1:" + SlipwayServer.freePort() + ";",
          CERT, cert.cert().toString(),
          KEY, cert.key().toString()));
      Files.writeString(prefix.resolve("slipway.conf"), site);
      Files.writeString(prefix.resolve("nginx.conf"), main(prefix));
      Process process = new ProcessBuilder(EXECUTABLE.toString(), "-p", prefix + "/", "-e",
          prefix.resolve("logs/error.log").toString(), "-c", prefix.resolve("nginx.conf").toString(),
          "-g", "daemon off;")
          .redirectErrorStream(true).redirectOutput(prefix.resolve("logs/stdout.log").toFile()).start();
      Nginx nginx = new Nginx(name, process, prefix, port, cert);
      try {
        nginx.awaitListening();
      } catch (AssertionError e) {
        nginx.close();
        throw e;
      }
      return nginx;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public int port() {
    return port;
  }

  /** nginx's error log so far (upstream failures and retries are logged there). */
  public String errorLog() {
    return read(prefix.resolve("logs/error.log"));
  }

  private static String fill(String example, List<String> replacements) {
    String filled = example;
    for (int i = 0; i < replacements.size(); i += 2) {
      if (!filled.contains(replacements.get(i))) {
        throw new AssertionError(EXAMPLE + " no longer says '" + replacements.get(i) + "': update " + Nginx.class);
      }
      filled = filled.replace(replacements.get(i), replacements.get(i + 1));
    }
    return filled;
  }

  /** What Debian's /etc/nginx/nginx.conf gives the example (its http block), with every path in the prefix. */
  private static String main(Path prefix) {
    return """
        worker_processes 1;
        pid %1$s/nginx.pid;
        error_log %1$s/logs/error.log info;
        events { worker_connections 512; }
        http {
          log_format upstreams '$request $status upstream=$upstream_addr upstream_status=$upstream_status';
          access_log %1$s/logs/access.log upstreams;
          client_body_temp_path %1$s/temp/body;
          proxy_temp_path %1$s/temp/proxy;
          fastcgi_temp_path %1$s/temp/fastcgi;
          uwsgi_temp_path %1$s/temp/uwsgi;
          scgi_temp_path %1$s/temp/scgi;
          include %1$s/slipway.conf;
        }
        """.formatted(prefix);
  }

  private void awaitListening() {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new AssertionError("nginx exited at start: " + read(prefix.resolve("logs/stdout.log")) + errorLog());
      }
      try (Socket socket = new Socket()) {
        socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
        return;
      } catch (IOException notYet) {
        SlipwayServer.sleep(100);
      }
    }
    throw new AssertionError("nginx did not listen within 20 s: " + errorLog());
  }

  private static String read(Path file) {
    try {
      return Files.exists(file) ? Files.readString(file) : "";
    } catch (IOException e) {
      return e.toString();
    }
  }

  /** Stops nginx (SIGTERM: a fast shutdown of master and workers), keeps its logs in target/ and removes the rest. */
  @Override
  public void close() throws InterruptedException, IOException {
    process.destroy();
    if (!process.waitFor(10, TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }
    Path kept = Files.createDirectories(Path.of("target", "nginx-" + name));
    for (String log : List.of("error.log", "access.log")) {
      Path file = prefix.resolve("logs").resolve(log);
      if (Files.exists(file)) {
        Files.copy(file, kept.resolve(log), StandardCopyOption.REPLACE_EXISTING);
      }
    }
    for (Path dir : List.of(prefix, cert.cert().getParent())) {
      try (var files = Files.walk(dir)) {
        files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
      }
    }
  }
}
