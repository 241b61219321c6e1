package dev.slipway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.json.JsonObject;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ConfigTest {
  private static final JsonObject NO_FILE = new JsonObject();

  @Test
  void defaultsApplyWithoutEnvironmentOrFile() {
    JsonObject config = Config.resolve(Map.of(), NO_FILE);
    assertThat(config.getInteger(Config.HTTP_PORT)).isEqualTo(8080);
    assertThat(config.getLong(Config.UPLOAD_LIMIT)).isEqualTo(512L * 1024 * 1024);
    assertThat(config.getString(Config.APPS_DIR)).isEqualTo("docker/examples");
    assertThat(config.getString(Config.BIND_ADDRESS)).isEqualTo("127.0.0.1");
    assertThat(config.getInteger(Config.MAX_LINE_CHARS)).isEqualTo(256 * 1024);
  }

  @Test
  void environmentOverridesDefaults() {
    JsonObject config = Config.resolve(Map.of(
        "SLIPWAY_HTTP_PORT", "9090",
        "DOCKER_HOST", "tcp://127.0.0.1:2375",
        "SLIPWAY_APPS_DIR", "/srv/apps",
        "SLIPWAY_BUILD_TIMEOUT", " 600 "), NO_FILE);
    assertThat(config.getInteger(Config.HTTP_PORT)).isEqualTo(9090);
    assertThat(config.getString(Config.DOCKER_HOST)).isEqualTo("tcp://127.0.0.1:2375");
    assertThat(config.getString(Config.APPS_DIR)).isEqualTo("/srv/apps");
    assertThat(config.getInteger(Config.BUILD_TIMEOUT)).isEqualTo(600);
  }

  @ParameterizedTest
  @CsvSource({
      "2g, 2147483648",
      "64k, 65536",
      "512m, 536870912",
      "1048576, 1048576",
      "2GiB, 2147483648",
      "64KB, 65536"})
  void uploadLimitTakesUnits(String value, long bytes) {
    JsonObject config = Config.resolve(Map.of("SLIPWAY_UPLOAD_LIMIT", value), NO_FILE);
    assertThat(config.getLong(Config.UPLOAD_LIMIT)).isEqualTo(bytes);
  }

  @Test
  void contextLimitsDefaultTo2gAnd100000EntriesAndTakeUnits() {
    JsonObject defaults = Config.resolve(Map.of(), NO_FILE);
    assertThat(defaults.getLong(Config.CONTEXT_LIMIT)).isEqualTo(2L * 1024 * 1024 * 1024);
    assertThat(defaults.getInteger(Config.CONTEXT_MAX_ENTRIES)).isEqualTo(100_000);

    JsonObject env = Config.resolve(Map.of("SLIPWAY_CONTEXT_LIMIT", "10m", "SLIPWAY_CONTEXT_MAX_ENTRIES", "500"),
        NO_FILE);
    assertThat(env.getLong(Config.CONTEXT_LIMIT)).isEqualTo(10L * 1024 * 1024);
    assertThat(env.getInteger(Config.CONTEXT_MAX_ENTRIES)).isEqualTo(500);

    JsonObject file = Config.resolve(Map.of(), new JsonObject().put(Config.CONTEXT_LIMIT, "1g"));
    assertThat(file.getLong(Config.CONTEXT_LIMIT)).isEqualTo(1024L * 1024 * 1024);
  }

  @Test
  void blankEnvironmentValueKeepsTheDefault() {
    JsonObject config = Config.resolve(Map.of("SLIPWAY_HTTP_PORT", "  "), NO_FILE);
    assertThat(config.getInteger(Config.HTTP_PORT)).isEqualTo(8080);
  }

  @Test
  void fileOverridesWinOverEnvironment() {
    JsonObject file = new JsonObject().put(Config.HTTP_PORT, 7070).put(Config.DOCKER_HOST, "unix:///tmp/d.sock");
    JsonObject config = Config.resolve(Map.of("SLIPWAY_HTTP_PORT", "9090", "DOCKER_HOST", "tcp://x:1"), file);
    assertThat(config.getInteger(Config.HTTP_PORT)).isEqualTo(7070);
    assertThat(config.getString(Config.DOCKER_HOST)).isEqualTo("unix:///tmp/d.sock");
  }

  @ParameterizedTest
  @ValueSource(strings = {"eighty", "80a", "8080.0"})
  void nonNumericPortNamesTheVariable(String port) {
    assertThatThrownBy(() -> Config.resolve(Map.of("SLIPWAY_HTTP_PORT", port), NO_FILE))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("SLIPWAY_HTTP_PORT").hasMessageContaining(port);
  }

  @ParameterizedTest
  @ValueSource(strings = {"lots", "12q", "k", "B", "MiB"})
  void unreadableUploadLimitNamesTheVariable(String limit) {
    assertThatThrownBy(() -> Config.resolve(Map.of("SLIPWAY_UPLOAD_LIMIT", limit), NO_FILE))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("SLIPWAY_UPLOAD_LIMIT");
  }

  @Test
  void aTlsCertificateWithoutItsKeyOrTheReverseIsAStartUpError() {
    assertThatThrownBy(() -> Config.resolve(Map.of("SLIPWAY_TLS_CERT", "/etc/slipway/cert.pem"), NO_FILE))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("SLIPWAY_TLS_KEY (tlsKey) is not");
    assertThatThrownBy(() -> Config.resolve(Map.of(), new JsonObject().put(Config.TLS_KEY, "/etc/slipway/key.pem")))
        .hasMessageContaining("SLIPWAY_TLS_CERT (tlsCert) is not");
    JsonObject both = Config.resolve(Map.of("SLIPWAY_TLS_CERT", "c.pem", "SLIPWAY_TLS_KEY", "k.pem"), NO_FILE);
    assertThat(both.getString(Config.TLS_CERT)).isEqualTo("c.pem");
    assertThat(both.getString(Config.TLS_KEY)).isEqualTo("k.pem");
    assertThat(Config.resolve(Map.of(), NO_FILE).getString(Config.TLS_CERT)).isNull();
  }
}
