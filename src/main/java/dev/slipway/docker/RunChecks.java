package dev.slipway.docker;

import com.github.dockerjava.api.command.InspectImageResponse;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.Container;
import com.github.dockerjava.api.model.ContainerPort;
import com.github.dockerjava.api.model.ExposedPort;
import dev.slipway.domain.BadRequest;
import dev.slipway.domain.FieldErrors;
import dev.slipway.domain.PortSpec;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What this node's engine can tell before a run starts ({@code Bus.DOCKER_PRECHECK}): the image is there, the
 * container name is free, each host port is free; and what an image says of itself ({@code Bus.DOCKER_IMAGE_FACTS}:
 * its exposed ports and labels, for the Run form). A check, not a reservation: a port taken between the check and
 * the container's start still fails the job, as before.
 */
final class RunChecks {
  private final DockerClients docker;
  private final EngineCalls calls;
  private final String node;

  RunChecks(DockerClients docker, EngineCalls calls, String node) {
    this.docker = docker;
    this.calls = calls;
    this.node = node;
  }

  void precheck(Message<JsonObject> msg) {
    if (!calls.engineAnswers(msg)) {
      return;
    }
    calls.blocking(() -> {
      try {
        check(msg.body());
        msg.reply(new JsonObject());
      } catch (BadRequest refused) {
        msg.fail(refused.code(), refused.wire());
      } catch (RuntimeException e) {
        msg.fail(DockerErrors.code(e), DockerErrors.describe(e));
      }
    });
  }

  private void check(JsonObject body) {
    FieldErrors errors = new FieldErrors();
    String image = body.getString("image");
    if (image != null) {
      errors.check("image", () -> {
        try {
          docker.control().inspectImageCmd(image).exec();
        } catch (NotFoundException e) {
          throw new BadRequest("there is no image " + image + " on node " + node + "'s engine (nothing is pulled): "
              + "build it, or check its name on the Images page");
        }
      });
    }
    List<Container> all = docker.control().listContainersCmd().withShowAll(true).exec();
    String name = body.getString("name");
    if (name != null) {
      errors.check("name", () -> all.stream()
          .filter(c -> c.getNames() != null && List.of(c.getNames()).contains("/" + name)).findFirst()
          .ifPresent(c -> {
            throw new BadRequest("a container named " + name + " already exists on node " + node + " (" + c.getState()
                + "): choose another name, or remove that container first");
          }));
    }
    errors.check("ports", () -> {
      for (Object item : body.getJsonArray("ports", new JsonArray())) {
        PortSpec port = PortSpec.fromJson((JsonObject) item);
        if (port.hostPort() != null) {
          checkFree(port, all);
        }
      }
    });
    errors.throwIfAny();
  }

  /** Published by a running container of this engine, or (when the engine is on this host) bound by anything. */
  private void checkFree(PortSpec port, List<Container> all) {
    String wanted = port.hostPort() + "/" + port.protocol();
    for (Container c : all) {
      for (ContainerPort published : c.getPorts() == null ? new ContainerPort[0] : c.getPorts()) {
        if (port.hostPort().equals(published.getPublicPort()) && port.protocol().equals(published.getType())
            && overlaps(port.hostIp(), published.getIp())) {
          throw new BadRequest("host port " + wanted + " is already published by the container "
              + (c.getNames() == null || c.getNames().length == 0 ? c.getId().substring(0, 12)
              : c.getNames()[0].substring(1)) + " on node " + node + ": choose another host port, or leave it empty "
              + "(:" + port.containerPort() + ") for any free one");
        }
      }
    }
    if (engineOnThisHost() && !bindable(port)) {
      throw new BadRequest("host port " + wanted + " is in use on node " + node + "'s host (by a program outside "
          + "Docker): choose another host port, or leave it empty (:" + port.containerPort() + ") for any free one");
    }
  }

  private static boolean overlaps(String wantedIp, String publishedIp) {
    boolean anyWanted = wantedIp == null || wantedIp.isEmpty() || wantedIp.equals("0.0.0.0") || wantedIp.equals("::");
    boolean anyPublished = publishedIp == null || publishedIp.isEmpty() || publishedIp.equals("0.0.0.0")
        || publishedIp.equals("::");
    return anyWanted || anyPublished || wantedIp.equals(publishedIp);
  }

  /** Over the engine's local socket, the engine binds its ports on this machine: a port we cannot bind, it cannot. */
  private boolean engineOnThisHost() {
    String host = docker.host();
    return host.startsWith("unix://") || host.startsWith("npipe://");
  }

  /** Tries to bind the port for a moment (blocking; on the Docker threads). */
  private static boolean bindable(PortSpec port) {
    try {
      InetAddress address = port.hostIp() == null || port.hostIp().isEmpty() ? null
          : InetAddress.getByName(port.hostIp());
      InetSocketAddress where = address == null ? new InetSocketAddress(port.hostPort())
          : new InetSocketAddress(address, port.hostPort());
      if ("udp".equals(port.protocol())) {
        try (DatagramSocket socket = new DatagramSocket(where)) {
          return true;
        }
      }
      try (ServerSocket socket = new ServerSocket()) {
        socket.setReuseAddress(true);
        socket.bind(where);
        return true;
      }
    } catch (IOException e) {
      return false;
    }
  }

  void imageFacts(Message<JsonObject> msg) {
    String image = msg.body().getString("image");
    if (image == null || image.isBlank()) {
      msg.fail(400, "image is required");
      return;
    }
    calls.listing(msg, () -> {
      InspectImageResponse inspected = docker.control().inspectImageCmd(image).exec();
      JsonArray ports = new JsonArray();
      ExposedPort[] exposed = inspected.getConfig() == null ? null : inspected.getConfig().getExposedPorts();
      Map<String, ExposedPort> sorted = new TreeMap<>();
      for (ExposedPort port : exposed == null ? new ExposedPort[0] : exposed) {
        sorted.put(String.format("%05d/%s", port.getPort(), port.getProtocol()), port);
      }
      sorted.values().forEach(port -> ports.add(port.getPort() + "/" + port.getProtocol()));
      Map<String, String> labels = inspected.getConfig() == null ? null : inspected.getConfig().getLabels();
      return new JsonObject().put("ports", ports).put("labels", new JsonObject(labels == null ? Map.of()
          : new java.util.LinkedHashMap<>(labels)));
    });
  }
}
