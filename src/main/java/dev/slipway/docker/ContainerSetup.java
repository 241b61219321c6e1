package dev.slipway.docker;

import com.github.dockerjava.api.command.CreateContainerCmd;
import dev.slipway.domain.PortSpec;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Making a run's container, and cleaning up when that goes wrong: a container that was created but could not start
 * is removed, and so is one a create left behind after it timed out on our side. All blocking.
 */
final class ContainerSetup {
  private static final Logger LOG = LoggerFactory.getLogger(ContainerSetup.class);
  private final DockerClients docker;
  private final JobReporter reporter;
  private final JsonObject request;

  ContainerSetup(DockerClients docker, JobReporter reporter, JsonObject request) {
    this.docker = docker;
    this.reporter = reporter;
    this.request = request;
  }

  CreateContainerCmd create() {
    List<PortSpec> specs = PortBindings.specs(request);
    List<String> env = new ArrayList<>();
    request.getJsonObject("env", new JsonObject()).forEach(e -> env.add(e.getKey() + "=" + e.getValue()));
    request.getJsonObject("secretEnv", new JsonObject()).forEach(e -> env.add(e.getKey() + "=" + e.getValue()));
    CreateContainerCmd cmd = docker.control().createContainerCmd(request.getString("image"))
        .withEnv(env)
        .withLabels(SlipwayLabels.of(reporter.jobId(), request.getString("user"),
            request.getString(SlipwayLabels.INSTANCE_KEY), request.getString(SlipwayLabels.NODE_KEY)))
        .withExposedPorts(PortBindings.exposed(specs))
        .withHostConfig(ContainerSettings.hostConfig(request, specs));
    List<String> command = ContainerSettings.command(request);
    if (command != null) {
      cmd.withCmd(command);
    }
    String name = request.getString("name");
    return name == null ? cmd : cmd.withName(name);
  }

  JsonArray publishedPorts(String containerId) {
    try {
      return PortBindings.published(docker.control().inspectContainerCmd(containerId).exec()
          .getNetworkSettings().getPorts().getBindings());
    } catch (RuntimeException e) {
      LOG.warn("could not read the published ports of {}: {}", containerId, DockerErrors.describe(e));
      return new JsonArray();
    }
  }

  /** A create that timed out on our side may still have been carried out by the engine: find it by its label. */
  void removeOrphans() {
    try {
      docker.control().listContainersCmd().withShowAll(true)
          .withLabelFilter(Map.of(RunJob.JOB_LABEL, reporter.jobId())).exec()
          .forEach(c -> docker.control().removeContainerCmd(c.getId()).withForce(true).exec());
    } catch (RuntimeException e) {
      LOG.warn("could not look for containers left by job {}: {}", reporter.jobId(), DockerErrors.describe(e));
    }
  }

  void removeHalfMadeContainer(String containerId) {
    try {
      docker.control().removeContainerCmd(containerId).withForce(true).exec();
    } catch (RuntimeException e) {
      LOG.warn("could not remove the container {} that failed to start: {}", containerId, DockerErrors.describe(e));
    }
  }
}
