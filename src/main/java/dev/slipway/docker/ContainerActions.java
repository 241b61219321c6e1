package dev.slipway.docker;

import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.exception.NotModifiedException;
import dev.slipway.bus.Bus;
import dev.slipway.domain.BadRequest;
import dev.slipway.domain.Names;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonObject;
import java.util.Map;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stopping and removing containers and removing images, for whoever may ({@link ContainerGuard}): a container that
 * a job follows is stopped through its job, so the job ends {@code cancelled}. Every change is audited.
 */
final class ContainerActions {
  private static final Logger LOG = LoggerFactory.getLogger(ContainerActions.class);
  static final Pattern CONTAINER_REF = Pattern.compile("[a-zA-Z0-9][a-zA-Z0-9_.-]{0,127}");
  private final DockerClients docker;
  private final ContainerGuard guard;
  private final EngineCalls calls;
  private final Map<String, ActiveJob> active;

  ContainerActions(DockerClients docker, ContainerGuard guard, EngineCalls calls, Map<String, ActiveJob> active) {
    this.docker = docker;
    this.guard = guard;
    this.calls = calls;
    this.active = active;
  }

  void stop(Message<JsonObject> msg) {
    onContainer(msg, "stop", this::stopContainer);
  }

  void remove(Message<JsonObject> msg) {
    onContainer(msg, "remove", this::removeContainer);
  }

  /** A container that runs already is left as it is (no error): the caller wanted it running. */
  void start(Message<JsonObject> msg) {
    onContainer(msg, "start", id -> {
      try {
        docker.control().startContainerCmd(id).exec();
      } catch (NotModifiedException alreadyRunning) {
        LOG.debug("container {} was already running", id);
      }
    });
  }

  /**
   * Stops as Stop does (10 s grace; a job that follows the container ends {@code cancelled}, as the user stopped it)
   * and starts it again; a stopped container is simply started.
   */
  void restart(Message<JsonObject> msg) {
    onContainer(msg, "restart", id -> {
      stopContainer(id);
      docker.control().startContainerCmd(id).exec();
    });
  }

  private void stopContainer(String container) {
    InspectContainerResponse inspected = docker.control().inspectContainerCmd(container).exec();
    String jobId = inspected.getConfig().getLabels() == null ? null
        : inspected.getConfig().getLabels().get(RunJob.JOB_LABEL);
    ActiveJob job = jobId == null ? null : active.get(jobId);
    if (job != null) {
      job.cancel();
      return;
    }
    try {
      docker.control().stopContainerCmd(inspected.getId()).withTimeout(10).exec();
    } catch (NotModifiedException alreadyStopped) {
      LOG.debug("container {} was already stopped", container);
    }
  }

  /** Whether the engine has the image (by tag or id); a malformed name is a 400. Read-only, so not audited. */
  void hasImage(Message<JsonObject> msg) {
    String image = imageNamed(msg, "image");
    if (image == null) {
      return;
    }
    calls.call(msg, () -> {
      try {
        docker.control().inspectImageCmd(image).exec();
        return new JsonObject().put("present", true);
      } catch (com.github.dockerjava.api.exception.NotFoundException e) {
        return new JsonObject().put("present", false);
      }
    });
  }

  void removeImage(Message<JsonObject> msg) {
    String image = imageNamed(msg, "id");
    if (image == null) {
      return;
    }
    guard.callerOf(msg).onSuccess(caller -> calls.audited(msg, caller, "image.remove", image, () -> {
      guard.checkImageRemoval(caller);
      docker.control().removeImageCmd(image).exec();
      return new JsonObject();
    }));
  }

  /** The image reference in {@code field}, or null after answering 400 when it is not one. */
  private static String imageNamed(Message<JsonObject> msg, String field) {
    String image = msg.body().getValue(field) instanceof String s ? s : "";
    try {
      Names.image(image);
      return image;
    } catch (BadRequest e) {
      msg.fail(e.code(), e.getMessage());
      return null;
    }
  }

  private void removeContainer(String container) {
    docker.control().removeContainerCmd(container).exec();
  }

  /** Acts on the container only once {@link ContainerGuard} allows the caller to. */
  private void onContainer(Message<JsonObject> msg, String verb, Consumer<String> action) {
    String id = msg.body().getString("id", "");
    if (!CONTAINER_REF.matcher(id).matches()) {
      msg.fail(Bus.BAD_REQUEST, "invalid container id or name '" + id + "'");
      return;
    }
    guard.callerOf(msg).onSuccess(caller -> calls.audited(msg, caller, "container." + verb, id, () -> {
      action.accept(guard.check(caller, id, verb));
      return new JsonObject();
    }));
  }
}
