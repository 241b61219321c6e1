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
  public static final String BUILD_TIMEOUT = "buildTimeoutSeconds";
  public static final String DOCKER_CALL_TIMEOUT = "dockerCallTimeoutSeconds";
  public static final String HEARTBEAT = "heartbeatSeconds";
  public static final String MAX_LINE_CHARS = "maxLineChars";

  private static final Map<String, String> ENV_NAMES = Map.of(
      HTTP_PORT, "SLIPWAY_HTTP_PORT",
      BIND_ADDRESS, "SLIPWAY_BIND_ADDRESS",
      APPS_DIR, "SLIPWAY_APPS_DIR",
      DATA_DIR, "SLIPWAY_DATA_DIR",
      DOCKER_HOST, "DOCKER_HOST",
      UPLOAD_LIMIT, "SLIPWAY_UPLOAD_LIMIT",
      BUILD_TIMEOUT, "SLIPWAY_BUILD_TIMEOUT",
      DOCKER_CALL_TIMEOUT, "SLIPWAY_DOCKER_CALL_TIMEOUT");

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
        .put(BUILD_TIMEOUT, 3600)
        .put(DOCKER_CALL_TIMEOUT, 30)
        .put(HEARTBEAT, 15)
        .put(MAX_LINE_CHARS, 256 * 1024);
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
    return config.mergeIn(overrides);
  }

  private static Object typed(String key, String value, String envName) {
    try {
      return switch (key) {
        case HTTP_PORT, BUILD_TIMEOUT, DOCKER_CALL_TIMEOUT -> Integer.parseInt(value);
        case UPLOAD_LIMIT -> parseSize(value);
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
