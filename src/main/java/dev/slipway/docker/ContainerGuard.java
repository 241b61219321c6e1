package dev.slipway.docker;

import com.github.dockerjava.api.command.InspectContainerResponse;
import dev.slipway.auth.CallerLookup;
import dev.slipway.bus.Bus;
import dev.slipway.domain.BadRequest;
import dev.slipway.domain.Caller;
import dev.slipway.domain.Role;
import io.vertx.core.Future;
import io.vertx.core.eventbus.Message;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Who may change which container or image on a shared engine. Viewers change nothing; operators stop and remove
 * only the containers this Slipway started, as its own records say (a job's container id in the database: labels
 * prove nothing, since an image can carry any label and a container inherits them), never the team's other
 * containers on the engine; admins may do anything, including removing images.
 */
final class ContainerGuard {
  private final DockerClients docker;
  private final String instanceId;
  private final CallerLookup callers;
  private final Pool db;

  ContainerGuard(DockerClients docker, String instanceId, CallerLookup callers, Pool db) {
    this.docker = docker;
    this.instanceId = instanceId;
    this.callers = callers;
    this.db = db;
  }

  /**
   * Who sent {@code msg}: the user its header names, with their role now; a failed lookup (401) is answered here.
   * A request without the header acts as Slipway itself, until the web side names its user on every request
   * (accounts, issue 5); then it should be a 401 like the lookup's.
   */
  Future<Caller> callerOf(Message<?> msg) {
    // No user named is a 401: these addresses change the engine, and every caller must say for whom.
    return callers.of(msg).onFailure(e -> msg.fail(DockerErrors.code(e), e.getMessage()));
  }

  /**
   * Blocking. The container's full id when {@code caller} may {@code verb} it, a 403 otherwise. Acting on the id,
   * not the name, keeps a container that replaced the checked one under the same name from slipping through.
   */
  String check(Caller caller, String container, String verb) {
    caller.require(Role.OPERATOR, "changing a container");
    InspectContainerResponse inspected = docker.control().inspectContainerCmd(container).exec();
    Map<String, String> labels = inspected.getConfig() == null ? null : inspected.getConfig().getLabels();
    if (!caller.can(Role.ADMIN) && !(SlipwayLabels.ours(labels, instanceId) && startedByAJob(inspected.getId()))) {
      throw new BadRequest(403, "container " + inspected.getName().replaceFirst("^/", "")
          + " was not started by this Slipway: only an admin may " + verb + " it");
    }
    return inspected.getId();
  }

  /** Blocking (on the worker's own threads): whether a job of this Slipway ran the container. */
  private boolean startedByAJob(String containerId) {
    try {
      return db.preparedQuery("SELECT COUNT(*) FROM jobs WHERE container_id = ?").execute(Tuple.of(containerId))
          .map(rows -> rows.iterator().next().getLong(0) > 0)
          .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while looking up container " + containerId, e);
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException("could not look up container " + containerId + ": " + e.getMessage(), e);
    }
  }

  /** Images are shared by every container and build on the engine: removing one is for admins. */
  void checkImageRemoval(Caller caller) {
    caller.require(Role.ADMIN, "removing an image");
  }
}
