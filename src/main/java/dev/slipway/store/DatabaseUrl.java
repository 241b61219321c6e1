package dev.slipway.store;

import io.vertx.core.net.ClientSSLOptions;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.pgclient.SslMode;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * Slipway's {@code databaseUrl}: {@code postgresql://user:password@host:port/database} ({@code postgres://} too), user
 * and password percent-encoded, with {@code ?sslmode=disable|allow|prefer|require} as libpq means it (prefer when
 * absent). Every message about it, and {@link #toString()}, leaves the password out: an operator's log or a bug
 * report never holds it.
 */
public record DatabaseUrl(String host, int port, String database, String user, String password, SslMode sslMode) {
  static final String FORM = "postgresql://user:password@host:port/database";

  /** Parses {@code url}; an {@link IllegalArgumentException} that says what is wrong, never quoting the password. */
  public static DatabaseUrl parse(String url) {
    String text = url == null ? "" : url.trim();
    String lower = text.toLowerCase(Locale.ROOT);
    if (!lower.startsWith("postgresql://") && !lower.startsWith("postgres://")) {
      throw invalid("it must start with postgresql:// (or postgres://)");
    }
    URI uri;
    try {
      uri = new URI(text);
    } catch (URISyntaxException e) {
      // The exception's own message quotes the input, password and all: say what to do instead.
      throw invalid("it is not a valid URL (percent-encode characters such as @ : / # ? % in the user name and "
          + "password)");
    }
    String rawUser = uri.getRawUserInfo();
    if (uri.getHost() == null || rawUser == null || rawUser.isEmpty()) {
      throw invalid("it needs a user name and a host (percent-encode characters such as @ : / # ? % in the user name "
          + "and password)");
    }
    int colon = rawUser.indexOf(':');
    String user = decode(colon < 0 ? rawUser : rawUser.substring(0, colon));
    String password = colon < 0 ? "" : decode(rawUser.substring(colon + 1));
    if (user.isEmpty()) {
      throw invalid("it needs a user name before the password");
    }
    String path = uri.getPath() == null ? "" : uri.getPath();
    String database = path.startsWith("/") ? path.substring(1) : path;
    if (database.isEmpty() || database.contains("/")) {
      throw invalid("it must name one database after the host");
    }
    String host = uri.getHost().startsWith("[") ? uri.getHost().substring(1, uri.getHost().length() - 1)
        : uri.getHost();
    DatabaseUrl parsed = new DatabaseUrl(host, uri.getPort() < 0 ? 5432 : uri.getPort(), database, user, password,
        SslMode.PREFER);
    return uri.getRawQuery() == null ? parsed : parsed.withParameters(uri.getRawQuery());
  }

  /** For Flyway, which speaks JDBC; the credentials go separately, so this URL holds no password. */
  public String jdbcUrl() {
    String address = host.contains(":") ? "[" + host + "]" : host;
    return "jdbc:postgresql://" + address + ":" + port + "/" + database + "?sslmode=" + sslMode.value;
  }

  public PgConnectOptions connectOptions() {
    PgConnectOptions options = new PgConnectOptions().setHost(host).setPort(port).setDatabase(database).setUser(user)
        .setPassword(password).setSslMode(sslMode).setCachePreparedStatements(true);
    if (sslMode != SslMode.DISABLE) {
      // As libpq: allow, prefer and require encrypt when they can but do not check the server's certificate.
      options.setSslOptions(new ClientSSLOptions().setTrustAll(true));
    }
    return options;
  }

  /** The URL as it may be shown: without the password. */
  @Override
  public String toString() {
    return "postgresql://" + user + "@" + (host.contains(":") ? "[" + host + "]" : host) + ":" + port + "/" + database;
  }

  private DatabaseUrl withParameters(String query) {
    SslMode mode = sslMode;
    for (String pair : query.split("&")) {
      if (pair.isEmpty()) {
        continue;
      }
      int eq = pair.indexOf('=');
      String name = decode(eq < 0 ? pair : pair.substring(0, eq));
      String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
      if (!name.equals("sslmode")) {
        throw invalid("its parameter '" + name + "' is not supported (only sslmode is)");
      }
      mode = switch (value) {
        case "disable", "allow", "prefer", "require" -> SslMode.of(value);
        // Checking the server's certificate needs its CA (libpq's sslrootcert), which Slipway cannot take yet.
        case "verify-ca", "verify-full" -> throw invalid("sslmode=" + value + " is not supported yet (require "
            + "encrypts without checking the server's certificate)");
        default -> throw invalid("sslmode is disable, allow, prefer or require, not '" + value + "'");
      };
    }
    return new DatabaseUrl(host, port, database, user, password, mode);
  }

  /** Percent-decoding only: a {@code +} in a password is a plus, not a space as in a form. */
  private static String decode(String raw) {
    try {
      return URLDecoder.decode(raw.replace("+", "%2B"), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      throw invalid("it has a broken percent-encoding (a % must be followed by two hex digits; write % itself as %25)");
    }
  }

  private static IllegalArgumentException invalid(String why) {
    return new IllegalArgumentException("SLIPWAY_DATABASE_URL (databaseUrl) is not usable: " + why + "; expected "
        + FORM);
  }
}
