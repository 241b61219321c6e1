package dev.slipway;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.model.Bind;
import com.github.dockerjava.api.model.ExposedPort;
import com.github.dockerjava.api.model.Frame;
import com.github.dockerjava.api.model.HealthCheck;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.PortBinding;
import com.github.dockerjava.api.model.Ports;
import com.github.dockerjava.core.DefaultDockerClientConfig;
import dev.slipway.testing.DockerEngine;
import dev.slipway.testing.SelfSignedCert;
import dev.slipway.testing.SlipwayImage;
import dev.slipway.testing.SlipwayServer;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Slipway's own image ({@code docker/slipway/Dockerfile}), built and run on the real engine as the README says: with
 * the engine's socket and {@code --group-add} of the socket's group, it runs as a non-root user, keeps its data in
 * its volume, its {@code /health} and HEALTHCHECK see the engine, and a run submitted to it starts a container on the
 * host's engine.
 */
@ExtendWith(VertxExtension.class)
class SlipwayImageTest {
  private static final String SUFFIX = Long.toHexString(System.nanoTime());
  private static final String IMAGE = "slipway-test/slipway:" + SUFFIX;
  private static final String PREFIX = "slipway-test-image-" + SUFFIX;
  private static final Set<String> CONTAINERS = ConcurrentHashMap.newKeySet();

  @BeforeAll
  static void build() {
    SlipwayImage.build(IMAGE);
  }

  @AfterAll
  static void removeAll() {
    CONTAINERS.forEach(name -> {
      if (DockerEngine.containerExists(name)) {
        docker().removeContainerCmd(name).withForce(true).withRemoveVolumes(true).exec();
      }
    });
    SlipwayImage.remove(IMAGE);
  }

  @Test
  void runsAsANonRootUserInTheSocketsGroupAndRunsJobsOnTheHostsEngine(Vertx vertx) {
    String name = start(PREFIX + "-http", List.of(), List.of());
    SlipwayServer slipway = SlipwayServer.at(vertx, awaitHealth(vertx, name, false), false);

    String status = exec(name, "cat", "/proc/1/status");
    assertThat(field(status, "Uid:")).as("Slipway's real, effective, saved and file uid").doesNotContain("0")
        .containsOnly("10001");
    assertThat(field(status, "Groups:")).as("Slipway's groups").contains(String.valueOf(socketGroup()));

    JsonObject health = slipway.get("/health").bodyAsJsonObject();
    assertThat(health.getJsonObject("docker").getBoolean("reachable")).as(health.encode()).isTrue();
    JsonArray apps = slipway.get("/api/apps").bodyAsJsonArray();
    assertThat(apps.stream().map(app -> ((JsonObject) app).getString("name"))).contains("python-notebook");

    String runName = PREFIX + "-run";
    CONTAINERS.add(runName);
    JsonObject job = slipway.submit("/api/runs", new JsonObject().put("image", DockerEngine.BUSYBOX)
        .put("name", runName).put("command", new JsonArray().add("sh").add("-c").add("echo run through the socket")));
    JsonObject ended = slipway.awaitEnd(job.getString("id"), 60);
    assertThat(ended.getString("state")).as(ended.encode()).isEqualTo("succeeded");
    assertThat(slipway.log(job.getString("id"))).contains("run through the socket");
    assertThat(docker().inspectContainerCmd(runName).exec().getConfig().getLabels())
        .as("the host's engine ran the job's container").containsEntry("dev.slipway.job", job.getString("id"));

    InspectContainerResponse container = docker().inspectContainerCmd(name).exec();
    assertThat(container.getMounts()).anySatisfy(mount -> {
      assertThat(mount.getDestination().getPath()).isEqualTo("/var/lib/slipway");
      assertThat(mount.getName()).as("a volume").isNotBlank();
    });
    assertThat(exec(name, "ls", "/var/lib/slipway").lines()).contains("db", "instance-id");
    awaitHealthy(name);
  }

  @Test
  void itsHealthCheckSpeaksHttpsWhenSlipwayDoes(Vertx vertx) throws IOException {
    SelfSignedCert cert = SelfSignedCert.create();
    Path folder = cert.cert().getParent();
    // The container's user (uid 10001) reads them; the test made them for its own user only.
    Files.setPosixFilePermissions(folder, PosixFilePermissions.fromString("rwxr-xr-x"));
    Files.setPosixFilePermissions(cert.cert(), PosixFilePermissions.fromString("rw-r--r--"));
    Files.setPosixFilePermissions(cert.key(), PosixFilePermissions.fromString("rw-r--r--"));
    String name = start(PREFIX + "-https", List.of("SLIPWAY_TLS_CERT=/etc/slipway/cert.pem",
        "SLIPWAY_TLS_KEY=/etc/slipway/key.pem"), List.of(Bind.parse(folder + ":/etc/slipway:ro")));

    awaitHealth(vertx, name, true);
    awaitHealthy(name);
  }

  /** Starts the image as README's {@code docker run} does, on a free port of 127.0.0.1, checking health every second. */
  private static String start(String name, List<String> env, List<Bind> binds) {
    CONTAINERS.add(name);
    List<String> environment = new ArrayList<>(env);
    environment.add("SLIPWAY_ADMIN_PASSWORD=" + SlipwayServer.ADMIN_PASSWORD);
    List<Bind> mounts = new ArrayList<>(binds);
    mounts.add(Bind.parse(socketPath() + ":/var/run/docker.sock"));
    docker().createContainerCmd(IMAGE).withName(name).withEnv(environment).withExposedPorts(ExposedPort.tcp(8080))
        .withHealthcheck(new HealthCheck().withInterval(TimeUnit.SECONDS.toNanos(1)))
        .withHostConfig(HostConfig.newHostConfig().withBinds(mounts)
            .withGroupAdd(List.of(String.valueOf(socketGroup())))
            .withPortBindings(new PortBinding(Ports.Binding.bindIp("127.0.0.1"), ExposedPort.tcp(8080))))
        .exec();
    docker().startContainerCmd(name).exec();
    return name;
  }

  /** Waits until the container's Slipway answers {@code /health} with 200; returns its port on 127.0.0.1. */
  private static int awaitHealth(Vertx vertx, String name, boolean tls) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
    int port = Integer.parseInt(docker().inspectContainerCmd(name).exec().getNetworkSettings().getPorts()
        .getBindings().get(ExposedPort.tcp(8080))[0].getHostPortSpec());
    SlipwayServer slipway = SlipwayServer.at(vertx, port, tls);
    String last = "no answer";
    while (System.nanoTime() < deadline) {
      if (!docker().inspectContainerCmd(name).exec().getState().getRunning()) {
        throw new AssertionError("Slipway's container stopped:\n" + String.join("\n", DockerEngine.logs(name)));
      }
      try {
        var response = slipway.get("/health");
        if (response.statusCode() == 200) {
          return port;
        }
        last = response.statusCode() + " " + response.bodyAsString();
      } catch (Exception | AssertionError notYet) {
        last = notYet.toString();
      }
      SlipwayServer.sleep(250);
    }
    throw new AssertionError("/health did not answer 200 within 90 s (" + last + "):\n"
        + String.join("\n", DockerEngine.logs(name)));
  }

  /** Waits until the engine calls the container healthy: the image's own HEALTHCHECK passed. */
  private static void awaitHealthy(String name) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    var health = docker().inspectContainerCmd(name).exec().getState().getHealth();
    while (!"healthy".equals(health.getStatus()) && System.nanoTime() < deadline) {
      SlipwayServer.sleep(250);
      health = docker().inspectContainerCmd(name).exec().getState().getHealth();
    }
    assertThat(health.getStatus()).as("the HEALTHCHECK's last results: %s", health.getLog()).isEqualTo("healthy");
  }

  private static String exec(String container, String... command) {
    String id = docker().execCreateCmd(container).withCmd(command).withAttachStdout(true).withAttachStderr(true)
        .exec().getId();
    StringBuilder out = new StringBuilder();
    try {
      docker().execStartCmd(id).exec(new ResultCallback.Adapter<Frame>() {
        @Override
        public void onNext(Frame frame) {
          out.append(new String(frame.getPayload(), StandardCharsets.UTF_8));
        }
      }).awaitCompletion(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
    return out.toString();
  }

  /** The values of a {@code /proc/PID/status} line, such as {@code Uid:} or {@code Groups:}. */
  private static List<String> field(String status, String label) {
    return status.lines().filter(line -> line.startsWith(label)).findFirst()
        .map(line -> Arrays.asList(line.substring(label.length()).trim().split("\\s+")))
        .orElseThrow(() -> new AssertionError("no " + label + " in " + status));
  }

  private static Path socketPath() {
    URI host = DefaultDockerClientConfig.createDefaultConfigBuilder().build().getDockerHost();
    if (!"unix".equals(host.getScheme())) {
      throw new AssertionError("this test mounts the engine's Unix socket into Slipway's container; the engine is at "
          + host + " (set DOCKER_HOST to a unix:// socket)");
    }
    return Path.of(host.getPath());
  }

  /** The socket's group on this host, which README's {@code --group-add "$(stat -c %g ...)"} hands the container. */
  private static int socketGroup() {
    try {
      return (Integer) Files.getAttribute(socketPath(), "unix:gid");
    } catch (IOException e) {
      throw new AssertionError("cannot read the group of " + socketPath(), e);
    }
  }

  private static DockerClient docker() {
    return DockerEngine.client();
  }
}
