package dev.slipway.testing;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.core.DefaultDockerClientConfig;
import com.github.dockerjava.core.DockerClientImpl;
import com.github.dockerjava.zerodep.ZerodepDockerHttpClient;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * The real Docker engine the tests run against. Without one, tests fail with a message saying how to start it:
 * they never skip.
 */
public final class DockerEngine {
  public static final String BUSYBOX = "slipway/busybox:test";
  private static DockerClient client;

  private DockerEngine() {
  }

  public static synchronized DockerClient client() {
    if (client == null) {
      DefaultDockerClientConfig config = DefaultDockerClientConfig.createDefaultConfigBuilder().build();
      client = DockerClientImpl.getInstance(config, new ZerodepDockerHttpClient.Builder()
          .dockerHost(config.getDockerHost()).responseTimeout(Duration.ofSeconds(60)).build());
    }
    return client;
  }

  /** Fails (never skips) when no engine answers; makes the busybox base image the tests build on. */
  public static synchronized void require() {
    try {
      client().pingCmd().exec();
    } catch (RuntimeException e) {
      throw new AssertionError("These tests need a running Docker engine, and none answers at "
          + DefaultDockerClientConfig.createDefaultConfigBuilder().build().getDockerHost()
          + " (" + e.getMessage() + "). Start one (as root: bash .ci/setup-docker) or set DOCKER_HOST.", e);
    }
    ensureBusybox();
  }

  private static void ensureBusybox() {
    try {
      client().inspectImageCmd(BUSYBOX).exec();
      return;
    } catch (NotFoundException missing) {
      // made below
    }
    Path busybox = Path.of("/bin/busybox");
    if (!Files.isExecutable(busybox)) {
      throw new AssertionError("the test base image " + BUSYBOX + " is missing and /bin/busybox is not there to make "
          + "it: install Debian's busybox-static (bash .ci/setup-docker does)");
    }
    try {
      byte[] tar = Tars.of(Map.of(
          "Dockerfile", ("FROM scratch\nCOPY busybox /bin/busybox\nRUN [\"/bin/busybox\", \"--install\", \"-s\", "
              + "\"/bin\"]\nENV PATH=/bin\nCMD [\"sh\"]\n").getBytes()),
          Map.of("busybox", Files.readAllBytes(busybox)));
      client().buildImageCmd(new ByteArrayInputStream(tar)).withTags(Set.of(BUSYBOX))
          .start().awaitImageId(2, TimeUnit.MINUTES);
    } catch (IOException e) {
      throw new AssertionError("could not make " + BUSYBOX, e);
    }
  }

  /** Removes (forcibly) every container carrying the label {@code key=value}. */
  public static void removeContainersLabelled(String keyEqualsValue) {
    String[] label = keyEqualsValue.split("=", 2);
    client().listContainersCmd().withShowAll(true).withLabelFilter(java.util.Map.of(label[0], label[1])).exec()
        .forEach(container -> removeContainer(container.getId()));
  }

  /** Removes a container if it exists; for test clean-up. */
  public static void removeContainer(String nameOrId) {
    try {
      client().removeContainerCmd(nameOrId).withForce(true).exec();
    } catch (NotFoundException gone) {
      // nothing to clean
    }
  }

  /** What the engine itself kept of a container's output (stdout and stderr as it interleaved them), line by line. */
  public static java.util.List<String> logs(String containerId) {
    StringBuilder out = new StringBuilder();
    try {
      client().logContainerCmd(containerId).withStdOut(true).withStdErr(true)
          .exec(new com.github.dockerjava.api.async.ResultCallback.Adapter<com.github.dockerjava.api.model.Frame>() {
            @Override
            public void onNext(com.github.dockerjava.api.model.Frame frame) {
              out.append(new String(frame.getPayload(), java.nio.charset.StandardCharsets.UTF_8));
            }
          }).awaitCompletion(120, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
    return out.toString().lines().toList();
  }

  public static boolean containerExists(String nameOrId) {
    try {
      client().inspectContainerCmd(nameOrId).exec();
      return true;
    } catch (NotFoundException e) {
      return false;
    }
  }
}
