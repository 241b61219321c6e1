package dev.slipway.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slipway.Config;
import dev.slipway.apps.AppCatalog;
import dev.slipway.domain.BadRequest;
import dev.slipway.domain.Caller;
import dev.slipway.domain.Role;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Parsing a run body: every option's shape, defaults, unknown fields, and what the worker and the API see. */
class RunRequestTest {
  private static final Caller ADMIN = new Caller("ada", Role.ADMIN);
  private static final RunLimits LIMITS = RunLimits.defaults();

  private static RunRequest run(JsonObject body) {
    return RunRequest.from(body.put("image", "app:1"), null, ADMIN, LIMITS);
  }

  private static BadRequest refusal(JsonObject body) {
    return (BadRequest) org.assertj.core.api.Assertions.catchThrowable(() -> run(body));
  }

  @Test
  void everyOptionReachesTheWorkerInDockersUnits() {
    JsonObject worker = run(new JsonObject()
        .put("command", new JsonArray().add("sh").add("-c").add("echo hi"))
        .put("volumes", new JsonArray().add("data:/data:ro").add("cache:/var/cache/"))
        .put("restartPolicy", "on-failure").put("memory", "512m").put("cpus", 1.5)).toWorker("job-1");

    assertThat(worker.getJsonArray("command")).containsExactly("sh", "-c", "echo hi");
    assertThat(worker.getJsonArray("mounts")).containsExactly(
        new JsonObject().put("type", "volume").put("source", "data").put("target", "/data").put("readOnly", true),
        new JsonObject().put("type", "volume").put("source", "cache").put("target", "/var/cache").put("readOnly", false));
    assertThat(worker.getString("restartPolicy")).isEqualTo("on-failure");
    assertThat(worker.getLong("memory")).isEqualTo(512L * 1024 * 1024);
    assertThat(worker.getLong("nanoCpus")).isEqualTo(1_500_000_000L);
    assertThat(worker.getLong("pidsLimit")).isEqualTo(1024L);
    assertThat(worker.getString("user")).isEqualTo("ada");
  }

  @Test
  void withoutOptionsTheConfiguredDefaultsApply() {
    RunLimits limits = RunLimits.from(new JsonObject().put(Config.DEFAULT_MEMORY, "256m").put(Config.DEFAULT_CPUS, 0.5)
        .put(Config.PIDS_LIMIT, 200));
    JsonObject worker = RunRequest.from(new JsonObject().put("image", "app:1"), null, ADMIN, limits).toWorker("j");

    assertThat(worker.getLong("memory")).isEqualTo(256L * 1024 * 1024);
    assertThat(worker.getLong("nanoCpus")).isEqualTo(500_000_000L);
    assertThat(worker.getLong("pidsLimit")).isEqualTo(200L);
    assertThat(worker.getString("restartPolicy")).isEqualTo("no");
    assertThat(worker.getValue("command")).isNull();
  }

  @Test
  void theJobShowsItsOptionsButNoSecretValue() {
    JsonObject json = run(new JsonObject().put("memory", "1g").put("cpus", 2)
        .put("secretEnv", new JsonObject().put("TOKEN", "s3cr3t-value"))).toJson();

    assertThat(json.getString("memory")).isEqualTo("1g");
    assertThat(json.getDouble("cpus")).isEqualTo(2.0);
    assertThat(json.getLong("pidsLimit")).isEqualTo(1024L);
    assertThat(json.getString("user")).isEqualTo("ada");
    assertThat(json.encode()).doesNotContain("s3cr3t-value");
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "{\"memroy\": \"1g\"}                        | unknown field 'memroy'",
      "{\"command\": \"echo hi\"}                  | command must be a list",
      "{\"command\": [\"sh\", 1]}                  | command must be a list of strings",
      "{\"memory\": \"lots\"}                      | memory must be a size such as",
      "{\"memory\": \"4m\"}                        | memory must be at least 6m",
      "{\"memory\": -5}                            | memory must be a size",
      "{\"cpus\": 0}                               | cpus must be a number of CPUs of at least 0.01",
      "{\"cpus\": \"many\"}                        | cpus must be a number",
      "{\"restartPolicy\": \"always\"}             | restartPolicy must be no, on-failure or unless-stopped",
      "{\"volumes\": [\"d:/data\"]}                | volumes: 'd' is neither a volume name",
      "{\"volumes\": [\"bad name:/data\"]}         | volumes: 'bad name' is neither a volume name",
      "{\"volumes\": [\"data:relative\"]}          | volumes: the container path 'relative' must be absolute",
      "{\"volumes\": [\"data:/a/../etc\"]}         | volumes: the container path '/a/../etc' must be absolute",
      "{\"volumes\": [\"data:/\"]}                 | not / itself",
      "{\"volumes\": [\"data:/data:rx\"]}          | volumes: 'data:/data:rx' is not SOURCE:/container/path",
      "{\"volumes\": \"data:/data\"}               | volumes must be a list",
      "{\"binds\": [\"data:/data\"]}               | binds: 'data' is not an absolute host path",
      "{\"networkMode\": \"host; rm -rf\"}         | networkMode must be bridge, none, host",
      "{\"capAdd\": [\"SUPERPOWERS\"]}             | capAdd: 'SUPERPOWERS' is not a Linux capability",
      "{\"devices\": [\"sda\"]}                    | devices: 'sda' is not /dev/HOST",
      "{\"privileged\": \"yes\"}                   | privileged must be true or false",
      "{\"volumes\": [\"/srv/data:/data\"]}        | volumes: '/srv/data:/data' is a host path: put host paths in binds"})
  void aMalformedOptionIsA400NamingTheField(String body, String message) {
    BadRequest refused = refusal(new JsonObject(body));
    assertThat(refused.code()).isEqualTo(400);
    assertThat(refused.getMessage()).contains(message);
  }

  @Test
  void aLaunchNamesTheFieldInsideItsRunObjectAndRunsOnlyWhatItBuilt() {
    assertThatThrownBy(() -> RunRequest.from(new JsonObject().put("cpu", 1), "built:1", ADMIN, LIMITS))
        .hasMessageContaining("unknown field 'run.cpu'");
    assertThatThrownBy(() -> RunRequest.from(new JsonObject().put("image", "other:1"), "built:1", ADMIN, LIMITS))
        .hasMessageContaining("unknown field 'run.image'");
    assertThat(RunRequest.from(new JsonObject().putNull("image"), "built:1", ADMIN, LIMITS).image())
        .isEqualTo("built:1");
  }

  @Test
  void aBuildRefusesUnknownFieldsAndALaunchHandsOnlyItsBuildHalfToTheBuild() {
    AppCatalog apps = new AppCatalog(Path.of("src/test/resources/apps"));
    Path uploads = Path.of("data/uploads").toAbsolutePath();
    JsonObject build = new JsonObject().put("app", "hello").put("tag", "hello:1");

    assertThatThrownBy(() -> BuildRequest.from(build.copy().put("nocache", true), apps, uploads))
        .hasMessageContaining("unknown field 'nocache'");
    assertThatThrownBy(() -> BuildRequest.from(build.copy().put("run", new JsonObject()), apps, uploads))
        .hasMessageContaining("unknown field 'run'");
    BuildRequest launch = BuildRequest.forLaunch(build.copy().put("run", new JsonObject()), apps, uploads)
        .withUser("ada");
    assertThat(launch.toWorker("j").getString("user")).isEqualTo("ada");
  }

  @Test
  void limitsComeFromTheConfigurationAndABadOneStopsTheStart() {
    JsonObject config = Config.resolve(Map.of("SLIPWAY_OPERATOR_MAX_MEMORY", "2g", "SLIPWAY_OPERATOR_MAX_CPUS", "1.5",
        "SLIPWAY_PIDS_LIMIT", "300"), new JsonObject());
    RunLimits limits = RunLimits.from(config);

    assertThat(limits.operatorMaxMemory()).isEqualTo(2L * 1024 * 1024 * 1024);
    assertThat(limits.operatorMaxCpus()).isEqualTo(1.5);
    assertThat(limits.pidsLimit()).isEqualTo(300);
    assertThat(limits.defaultMemory()).isEqualTo(1024L * 1024 * 1024);
    assertThatThrownBy(() -> RunLimits.from(new JsonObject().put(Config.DEFAULT_MEMORY, "plenty")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(Config.DEFAULT_MEMORY);
  }

  @Test
  void memorySizesReadAsDockerWritesThem() {
    assertThat(MemorySize.parse("512m", "memory")).isEqualTo(512L * 1024 * 1024);
    assertThat(MemorySize.parse("1G", "memory")).isEqualTo(1024L * 1024 * 1024);
    assertThat(MemorySize.parse("1.5g", "memory")).isEqualTo(1536L * 1024 * 1024);
    assertThat(MemorySize.parse("64MiB", "memory")).isEqualTo(64L * 1024 * 1024);
    assertThat(MemorySize.parse(1048576, "memory")).isEqualTo(1048576L);
    assertThat(MemorySize.format(1536L * 1024 * 1024)).isEqualTo("1536m");
    assertThat(MemorySize.format(1000)).isEqualTo("1000");
  }
}
