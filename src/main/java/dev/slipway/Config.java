package dev.slipway;

import io.vertx.core.json.JsonObject;
import java.util.Locale;
import java.util.Map;

/** Slipway's settings: defaults, overridden by environment variables, overridden by a JSON config file. */
public final class Config {
  public static final String HTTP_PORT = "httpPort";
  public static final String BIND_ADDRESS = "bindAddress";
  public static final String APPS_DIR = "appsDir";
  public static final String DATA_DIR = "dataDir";
  public static final String DOCKER_HOST = "dockerHost";
  public static final String UPLOAD_LIMIT = "uploadLimitBytes";
  /** What an uploaded build context may unpack to, and how many entries it may have (against gzip bombs). */
  public static final String CONTEXT_LIMIT = "contextLimitBytes";
  public static final String CONTEXT_MAX_ENTRIES = "contextMaxEntries";
  public static final String BUILD_TIMEOUT = "buildTimeoutSeconds";
  public static final String DOCKER_CALL_TIMEOUT = "dockerCallTimeoutSeconds";
  public static final String HEARTBEAT = "heartbeatSeconds";
  public static final String MAX_LINE_CHARS = "maxLineChars";
  /** A console with neither input nor output for this long is ended (issue 8, console). */
  public static final String CONSOLE_IDLE = "consoleIdleSeconds";
  public static final String ALLOWED_HOSTS = "allowedHosts";
  public static final String ADMIN_PASSWORD = "adminPassword";
  public static final String BUILD_CONCURRENCY = "buildConcurrency";
  public static final String MAX_RUNNING_PER_USER = "maxRunningPerUser";
  public static final String RETENTION_DAYS = "retentionDays";
  public static final String RETENTION_JOBS = "retentionJobs";
  /** This node's name: on its jobs, containers and images, and in its bus addresses; unique in a cluster. */
  public static final String NODE_NAME = "nodeName";
  /** {@code web}, {@code worker} or {@code web,worker} (see {@code domain.NodeRole}). */
  public static final String ROLES = "roles";
  /** The address other nodes reach this one's event bus and cluster manager at (Hazelcast's own port). */
  public static final String CLUSTER_HOST = "clusterHost";
  public static final String CLUSTER_PORT = "clusterPort";
  /** Comma-separated {@code host:port} of cluster members: set, Slipway joins a Vert.x cluster (Hazelcast, TCP/IP). */
  public static final String CLUSTER_MEMBERS = "clusterMembers";
  /** {@code postgresql://user:password@host:port/db}; absent, the embedded H2 under the data directory. */
  public static final String DATABASE_URL = "databaseUrl";
  /**
   * A secret all nodes of a cluster share: run secrets travel between nodes sealed with a key derived from it, never in
   * clear. Required in a cluster; never logged.
   */
  public static final String CLUSTER_SECRET = "clusterSecret";
  /** Set at start-up from {@code dataDir/instance-id}: labels the containers this Slipway starts. */
  public static final String INSTANCE_ID = "instanceId";
  /** Run limits (see {@code jobs.RunLimits}): what a run gets when it names none, and what an operator may ask. */
  public static final String DEFAULT_MEMORY = "defaultMemory";
  public static final String DEFAULT_CPUS = "defaultCpus";
  public static final String OPERATOR_MAX_MEMORY = "operatorMaxMemory";
  public static final String OPERATOR_MAX_CPUS = "operatorMaxCpus";
  public static final String PIDS_LIMIT = "pidsLimit";
  /** PEM files of the server's certificate (chain) and private key: both set, HTTPS with HTTP/2; neither, plain HTTP. */
  public static final String TLS_CERT = "tlsCert";
  public static final String TLS_KEY = "tlsKey";

  private static final Map<String, String> ENV_NAMES = Map.ofEntries(
      Map.entry(ADMIN_PASSWORD, "SLIPWAY_ADMIN_PASSWORD"),
      Map.entry(BUILD_CONCURRENCY, "SLIPWAY_BUILD_CONCURRENCY"),
      Map.entry(MAX_RUNNING_PER_USER, "SLIPWAY_MAX_RUNNING_PER_USER"),
      Map.entry(RETENTION_DAYS, "SLIPWAY_RETENTION_DAYS"),
      Map.entry(RETENTION_JOBS, "SLIPWAY_RETENTION_JOBS"),
      Map.entry(NODE_NAME, "SLIPWAY_NODE_NAME"),
      Map.entry(DEFAULT_MEMORY, "SLIPWAY_DEFAULT_MEMORY"),
      Map.entry(DEFAULT_CPUS, "SLIPWAY_DEFAULT_CPUS"),
      Map.entry(OPERATOR_MAX_MEMORY, "SLIPWAY_OPERATOR_MAX_MEMORY"),
      Map.entry(OPERATOR_MAX_CPUS, "SLIPWAY_OPERATOR_MAX_CPUS"),
      Map.entry(PIDS_LIMIT, "SLIPWAY_PIDS_LIMIT"),
      Map.entry(TLS_CERT, "SLIPWAY_TLS_CERT"),
      Map.entry(TLS_KEY, "SLIPWAY_TLS_KEY"),
      Map.entry(ROLES, "SLIPWAY_ROLES"),
      Map.entry(CLUSTER_HOST, "SLIPWAY_CLUSTER_HOST"),
      Map.entry(CLUSTER_PORT, "SLIPWAY_CLUSTER_PORT"),
      Map.entry(CLUSTER_MEMBERS, "SLIPWAY_CLUSTER_MEMBERS"),
      Map.entry(DATABASE_URL, "SLIPWAY_DATABASE_URL"),
      Map.entry(CLUSTER_SECRET, "SLIPWAY_CLUSTER_SECRET"),
      Map.entry(HTTP_PORT, "SLIPWAY_HTTP_PORT"),
      Map.entry(BIND_ADDRESS, "SLIPWAY_BIND_ADDRESS"),
      Map.entry(APPS_DIR, "SLIPWAY_APPS_DIR"),
      Map.entry(DATA_DIR, "SLIPWAY_DATA_DIR"),
      Map.entry(DOCKER_HOST, "DOCKER_HOST"),
      Map.entry(UPLOAD_LIMIT, "SLIPWAY_UPLOAD_LIMIT"),
      Map.entry(CONTEXT_LIMIT, "SLIPWAY_CONTEXT_LIMIT"),
      Map.entry(CONTEXT_MAX_ENTRIES, "SLIPWAY_CONTEXT_MAX_ENTRIES"),
      Map.entry(BUILD_TIMEOUT, "SLIPWAY_BUILD_TIMEOUT"),
      Map.entry(DOCKER_CALL_TIMEOUT, "SLIPWAY_DOCKER_CALL_TIMEOUT"),
      Map.entry(ALLOWED_HOSTS, "SLIPWAY_ALLOWED_HOSTS"));

  private Config() {
  }

  public static JsonObject defaults() {
    return new JsonObject()
        .put(HTTP_PORT, 8080)
        .put(BIND_ADDRESS, "127.0.0.1")
        .put(APPS_DIR, "docker/examples")
        .put(DATA_DIR, "data")
        .put(DOCKER_HOST, "unix:///var/run/docker.sock")
        .put(UPLOAD_LIMIT, 512L * 1024 * 1024)
        .put(CONTEXT_LIMIT, 2L * 1024 * 1024 * 1024)
        .put(CONTEXT_MAX_ENTRIES, 100_000)
        .put(BUILD_TIMEOUT, 3600)
        .put(DOCKER_CALL_TIMEOUT, 30)
        .put(HEARTBEAT, 15)
        .put(MAX_LINE_CHARS, 256 * 1024)
        .put(CONSOLE_IDLE, 1800)
        .put(BUILD_CONCURRENCY, 2)
        .put(MAX_RUNNING_PER_USER, 10)
        .put(RETENTION_DAYS, 30)
        .put(RETENTION_JOBS, 5000)
        .put(NODE_NAME, "local")
        .put(ROLES, "web,worker")
        .put(CLUSTER_HOST, "127.0.0.1")
        .put(CLUSTER_PORT, 5701)
        .put(DEFAULT_MEMORY, "1g")
        .put(DEFAULT_CPUS, 1.0)
        .put(OPERATOR_MAX_MEMORY, "4g")
        .put(OPERATOR_MAX_CPUS, 2.0)
        .put(PIDS_LIMIT, 1024);
  }

  /** Whether this node joins a cluster: it does when cluster members are configured. */
  public static boolean clustered(JsonObject config) {
    return isSet(config.getValue(CLUSTER_MEMBERS));
  }

  /** Whether a PostgreSQL database is configured (else the embedded H2). */
  public static boolean usesPostgres(JsonObject config) {
    return isSet(config.getValue(DATABASE_URL));
  }

  /** Host names the server answers to; empty means those of its bind address (any, when it listens on all). */
  public static java.util.List<String> allowedHosts(JsonObject config) {
    Object value = config.getValue(ALLOWED_HOSTS);
    if (value instanceof io.vertx.core.json.JsonArray list) {
      return list.stream().map(String::valueOf).toList();
    }
    return value instanceof String text ? java.util.Arrays.stream(text.split("[,\\s]+")).filter(s -> !s.isBlank()).toList()
        : java.util.List.of();
  }

  /** Where uploads wait for their build: the only files a build context may come from and Slipway may delete. */
  public static java.nio.file.Path uploadsDir(JsonObject config) {
    return java.nio.file.Path.of(config.getString(DATA_DIR, "data"), "uploads").toAbsolutePath().normalize();
  }

  /** Defaults, then the environment, then {@code overrides}. */
  public static JsonObject resolve(Map<String, String> env, JsonObject overrides) {
    JsonObject config = defaults();
    ENV_NAMES.forEach((key, envName) -> {
      String value = env.get(envName);
      if (value != null && !value.isBlank()) {
        config.put(key, typed(key, value.trim(), envName));
      }
    });
    config.mergeIn(overrides);
    if (config.getValue(UPLOAD_LIMIT) instanceof String size) {
      config.put(UPLOAD_LIMIT, typed(UPLOAD_LIMIT, size, UPLOAD_LIMIT));
    }
    if (config.getValue(CONTEXT_LIMIT) instanceof String size) {
      config.put(CONTEXT_LIMIT, typed(CONTEXT_LIMIT, size, CONTEXT_LIMIT));
    }
    checkTls(config);
    return config;
  }

  /** A certificate without its key (or the reverse) is a mistake, not a wish for plain HTTP: refuse to start. */
  private static void checkTls(JsonObject config) {
    boolean cert = isSet(config.getValue(TLS_CERT));
    boolean key = isSet(config.getValue(TLS_KEY));
    if (cert != key) {
      String given = cert ? "SLIPWAY_TLS_CERT (" + TLS_CERT + ")" : "SLIPWAY_TLS_KEY (" + TLS_KEY + ")";
      String missing = cert ? "SLIPWAY_TLS_KEY (" + TLS_KEY + ")" : "SLIPWAY_TLS_CERT (" + TLS_CERT + ")";
      throw new IllegalArgumentException(given + " is set but " + missing + " is not: set both (PEM files) for "
          + "HTTPS, or neither for plain HTTP");
    }
  }

  private static boolean isSet(Object value) {
    return value != null && !String.valueOf(value).isBlank();
  }

  private static Object typed(String key, String value, String envName) {
    try {
      return switch (key) {
        case HTTP_PORT, CLUSTER_PORT, BUILD_TIMEOUT, DOCKER_CALL_TIMEOUT, BUILD_CONCURRENCY, MAX_RUNNING_PER_USER, RETENTION_DAYS,
            RETENTION_JOBS, CONTEXT_MAX_ENTRIES, PIDS_LIMIT -> Integer.parseInt(value);
        case DEFAULT_CPUS, OPERATOR_MAX_CPUS -> Double.parseDouble(value);
        case UPLOAD_LIMIT, CONTEXT_LIMIT -> parseSize(value);
        default -> value;
      };
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(envName + " is not a number: " + value, e);
    }
  }

  /** Sizes such as {@code 536870912}, {@code 512m}, {@code 2g} or {@code 64k}. */
  static long parseSize(String value) {
    String v = value.toLowerCase(Locale.ROOT).replaceAll("i?b$", "");
    if (v.isEmpty()) {
      throw new NumberFormatException("no digits in " + value);
    }
    long unit = switch (v.charAt(v.length() - 1)) {
      case 'k' -> 1024L;
      case 'm' -> 1024L * 1024;
      case 'g' -> 1024L * 1024 * 1024;
      default -> 1L;
    };
    String digits = unit == 1 ? v : v.substring(0, v.length() - 1);
    return Long.parseLong(digits.trim()) * unit;
  }
}
