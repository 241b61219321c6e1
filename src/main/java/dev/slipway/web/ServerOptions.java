package dev.slipway.web;

import dev.slipway.Config;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.PemKeyCertOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The HTTP server's options. With a certificate and key (PEM) it serves HTTPS and offers HTTP/2 through ALPN, with
 * HTTP/1.1 for clients without it: over HTTP/2 every tab of a browser shares one connection, so the six connections
 * a browser allows per host under HTTP/1.1 no longer limit how many pages can stream at once.
 */
final class ServerOptions {
  private ServerOptions() {
  }

  /** Checks that the PEM files can be read (blocking: call it off the event loop). */
  static HttpServerOptions of(JsonObject config, int idleTimeoutSeconds) {
    HttpServerOptions options = new HttpServerOptions().setIdleTimeout(idleTimeoutSeconds);
    if (!tls(config)) {
      return options;
    }
    String cert = readable(config.getString(Config.TLS_CERT), "SLIPWAY_TLS_CERT");
    String key = readable(config.getString(Config.TLS_KEY), "SLIPWAY_TLS_KEY");
    return options.setSsl(true).setUseAlpn(true).setAlpnVersions(List.of(HttpVersion.HTTP_2, HttpVersion.HTTP_1_1))
        .setKeyCertOptions(new PemKeyCertOptions().setCertPath(cert).setKeyPath(key));
  }

  static boolean tls(JsonObject config) {
    String cert = config.getString(Config.TLS_CERT);
    return cert != null && !cert.isBlank();
  }

  private static String readable(String path, String name) {
    Path file = Path.of(path.trim());
    if (!Files.isReadable(file) || Files.isDirectory(file)) {
      throw new IllegalArgumentException(name + " names " + file + ", which is not a readable file (a PEM file)");
    }
    return file.toString();
  }
}
